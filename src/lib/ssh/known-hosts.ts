/**
 * OpenSSH known_hosts files: plain and hashed (|1|salt|hash) host names, wildcard and negated
 * patterns, "[host]:port" for ports other than 22, @revoked markers. @cert-authority lines are
 * recognised and skipped (host certificates are not supported).
 */
import { createHmac } from 'node:crypto';
import type { ServerHostKeyAlgorithm } from 'ssh2';

export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  /** Plain patterns ("node1", "*.example.com", "!bad", "[node1]:2222"); empty when hashed. */
  readonly patterns: readonly string[];
  /** For hashed entries: salt and HMAC-SHA1 of the host name. */
  readonly hashed: { readonly salt: Buffer; readonly hash: Buffer } | undefined;
  readonly keyType: string;
  /** The public key blob (SSH wire format), base64-decoded. */
  readonly key: Buffer;
  readonly source: string;
}

/** Parse a known_hosts file's text; malformed lines are skipped. */
export function parseKnownHosts(text: string, source = 'known_hosts'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift()?.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    if (fields.length < 3) return;
    const [hosts, keyType, keyBase64] = fields;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyBase64)) return;
    const key = Buffer.from(keyBase64, 'base64');
    let hashed: KnownHostEntry['hashed'];
    let patterns: string[] = [];
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) return;
      hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      patterns = hosts.split(',').filter((p) => p !== '');
    }
    entries.push({ marker, patterns, hashed, keyType, key, source: `${source}:${index + 1}` });
  });
  return entries;
}

/** The name known_hosts records a host under: "host" on port 22, "[host]:port" otherwise; lower case. */
export function knownHostName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** OpenSSH's match_hostname: one positive match and no negated match. */
export function patternsMatch(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (wildcardToRegExp(body).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.length === entry.hashed.hash.length && digest.equals(entry.hashed.hash);
  }
  return patternsMatch(entry.patterns, name);
}

export type HostKeyVerdict =
  | { readonly ok: true; readonly entry: KnownHostEntry }
  | { readonly ok: false; readonly reason: 'revoked' | 'mismatch' | 'unknown'; readonly expectedTypes: readonly string[] };

/** The key type inside an SSH public key blob (its first string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= blob.length - 4 ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

/** Check the key `blob` a server presented for `host`:`port` against known_hosts entries. */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  const forHost = entries.filter((entry) => entry.marker !== 'cert-authority' && entryMatchesHost(entry, name));
  if (forHost.some((entry) => entry.marker === 'revoked' && entry.key.equals(blob))) {
    return { ok: false, reason: 'revoked', expectedTypes: [] };
  }
  const plain = forHost.filter((entry) => entry.marker === undefined);
  const match = plain.find((entry) => entry.key.equals(blob));
  if (match) return { ok: true, entry: match };
  return { ok: false, reason: plain.length > 0 ? 'mismatch' : 'unknown', expectedTypes: [...new Set(plain.map((e) => e.keyType))] };
}

const HOST_KEY_ALGORITHMS: Readonly<Record<string, readonly ServerHostKeyAlgorithm[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-dss': ['ssh-dss'],
};

/**
 * Host key algorithms to offer for a host, as OpenSSH orders them: those whose keys are on
 * record first, so that the server presents the key known_hosts can check.
 */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[], host: string, port: number): ServerHostKeyAlgorithm[] {
  const name = knownHostName(host, port);
  const algorithms: ServerHostKeyAlgorithm[] = [];
  for (const entry of entries) {
    if (entry.marker !== undefined || !entryMatchesHost(entry, name)) continue;
    for (const algorithm of HOST_KEY_ALGORITHMS[entry.keyType] ?? []) {
      if (!algorithms.includes(algorithm)) algorithms.push(algorithm);
    }
  }
  return algorithms;
}

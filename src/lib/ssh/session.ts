/**
 * One ssh connection (ssh2, loaded only here, only when a plugin connects) with host-key
 * checking against known_hosts, public-key login, and command execution bounded by deadlines.
 */
import { createHash } from 'node:crypto';
import type { Client, ClientChannel, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import type { Deadline } from '../runtime/index.js';
import { SshError } from './errors.js';
import { keyTypeOfBlob, preferredHostKeyAlgorithms, verifyHostKey, type HostKeyVerdict } from './known-hosts.js';
import { readSshClientConfig } from './client-config.js';
import { readIdentityFiles, readKnownHosts, type SshSettings } from './settings.js';

export interface SshLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface ExecResult {
  /** The remote command's exit status; undefined when none arrived. */
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** The deadline passed before the command finished. */
  readonly timedOut: boolean;
  /** The connection went away before the command reported its exit status. */
  readonly connectionLost: boolean;
}

export interface SshSession {
  readonly host: string;
  readonly port: number;
  /** Run one command line (what the remote user's shell gets, as for `ssh host command`). */
  exec(command: string, deadline: Deadline): Promise<ExecResult>;
  close(): void;
}

/** OpenSSH's fingerprint form: SHA256:<base64 without padding>. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

const FALLBACK_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256',
];

interface Identity {
  readonly path: string;
  readonly key: ParsedKey;
}

async function loadIdentities(settings: SshSettings, log: SshLog, fromConfig: readonly string[] | undefined): Promise<Identity[]> {
  const { utils } = await import('ssh2');
  const identities: Identity[] = [];
  const problems: string[] = [];
  for (const file of readIdentityFiles(settings, fromConfig)) {
    const parsed = utils.parseKey(file.data, settings.passphrase);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key instanceof Error || key === undefined) {
      const message = key instanceof Error ? key.message : 'no key found';
      problems.push(/encrypted|passphrase|decrypt/i.test(message) && !settings.passphrase
        ? `${file.path} is encrypted: set ssh_passphrase`
        : `${file.path}: ${message}`);
      continue;
    }
    if (!key.isPrivateKey()) {
      problems.push(`${file.path} is not a private key`);
      continue;
    }
    identities.push({ path: file.path, key });
  }
  if (identities.length === 0) throw new SshError('config', `no usable ssh private key: ${problems.join('; ')}`);
  for (const problem of problems) log.debug(`skipping identity ${problem}`);
  return identities;
}

function describeHostKeyRefusal(host: string, port: number, verdict: HostKeyVerdict, blob: Buffer, files: readonly string[]): string {
  const presented = `${keyTypeOfBlob(blob)} ${fingerprint(blob)}`;
  const where = files.join(', ');
  if (verdict.ok) return '';
  switch (verdict.reason) {
    case 'revoked':
      return `host key of ${host}:${port} (${presented}) is marked @revoked in ${where}: refusing to connect`;
    case 'mismatch':
      return `HOST KEY MISMATCH for ${host}:${port}: it presented ${presented}, which is not the ${verdict.expectedTypes.join('/')} key recorded in ${where}; refusing to connect (someone may be impersonating the host, or its key changed: check, then fix known_hosts)`;
    case 'unknown':
      return `no host key for ${host}${port === 22 ? '' : ` (port ${port})`} in ${where || 'any known_hosts file'} (it presented ${presented}); refusing to connect: add its key after checking the fingerprint, e.g. ssh-keyscan -p ${port} ${host} >> known_hosts, or set ssh_check_host_key=false`;
  }
}

function describeConnectError(host: string, port: number, error: Error & { code?: string; level?: string }, timeoutMs: number): string {
  const target = `${host}:${port}`;
  switch (error.code) {
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve host name ${host}`;
    case 'ECONNREFUSED': return `${target} refused the connection (is sshd running there?)`;
    case 'EHOSTUNREACH': return `no route to ${target} (host unreachable)`;
    case 'ENETUNREACH': return `no route to ${target} (network unreachable)`;
    case 'ECONNRESET': return `${target} reset the connection`;
    default: break;
  }
  if (error.level === 'client-timeout') return `could not connect to ${target} within ${(timeoutMs / 1000).toFixed(1)} s`;
  if (error.level === 'client-authentication') return `${target} refused the login (public key not accepted)`;
  return `ssh to ${target} failed: ${error.message}`;
}

export interface OpenSessionRequest {
  readonly host: string;
  readonly settings: SshSettings;
  readonly deadline: Deadline;
  readonly log: SshLog;
  /** Environment for `ssh -G` (PATH, HOME); no secret in it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Connect and log in, or throw a SshError saying why not (unreachable, host key, login).
 * What the parameters leave unset comes from the system's ssh client configuration, as for the
 * ssh command the reference plugins run: HostName, Port, IdentityFile, the known_hosts files.
 */
export async function openSshSession(request: OpenSessionRequest): Promise<SshSession> {
  const { host, settings, deadline, log } = request;
  const config = await readSshClientConfig(host, settings.user, deadline, request.env ?? { PATH: process.env.PATH }, log);
  const address = config?.hostname ?? host;
  const port = settings.portGiven ? settings.port : config?.port ?? settings.port;
  const keyNames = [...new Set([config?.hostKeyAlias ?? address, host])];
  if (address !== host) log.debug(`${host} is ${address} in the ssh client configuration`);
  const knownHosts = readKnownHosts(settings, config?.knownHostsFiles);
  const identities = await loadIdentities(settings, log, config?.identityFiles);
  const { Client } = await import('ssh2');
  const timeoutMs = Math.min(settings.connectTimeoutMs, deadline.remainingMs());
  if (timeoutMs <= 0) throw new SshError('connect', `no time left to connect to ${host}:${port}`);

  const preferred = preferredHostKeyAlgorithms(knownHosts.entries, keyNames[0], port);
  const client: Client = new Client();
  let refusal: string | undefined;

  log.debug(`connecting to ${settings.user}@${host}:${port} (timeout ${timeoutMs} ms)`);
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      if (error) {
        client.removeAllListeners('ready');
        client.on('error', () => undefined);
        client.destroy();
        reject(error);
      } else {
        resolve();
      }
    };
    // ssh2's readyTimeout covers TCP connect and handshake; this guards name resolution too.
    const guard = setTimeout(() => settle(new SshError('connect', `could not connect to ${host}:${port} within ${(timeoutMs / 1000).toFixed(1)} s`)), timeoutMs + 250);
    client.once('ready', () => settle());
    client.on('error', (error: Error & { code?: string; level?: string }) => {
      if (refusal !== undefined) settle(new SshError('host-key', refusal));
      else settle(new SshError('connect', describeConnectError(host, port, error, timeoutMs), { cause: error }));
    });
    client.once('close', () => settle(new SshError(refusal ? 'host-key' : 'connect', refusal ?? `${host}:${port} closed the connection during login`)));
    client.connect({
      host: address,
      port,
      username: settings.user,
      readyTimeout: timeoutMs,
      keepaliveInterval: 0,
      authHandler: identities.map((identity) => ({ type: 'publickey' as const, username: settings.user, key: identity.key })),
      algorithms: {
        serverHostKey: [...preferred, ...FALLBACK_HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))],
      },
      hostVerifier: (key: Buffer) => {
        if (!settings.checkHostKey) {
          log.warn(`ssh_check_host_key is off: accepting ${host}:${port}'s host key ${keyTypeOfBlob(key)} ${fingerprint(key)} unchecked`);
          return true;
        }
        // Recorded under HostKeyAlias or HostName (as OpenSSH looks it up), else under the name given.
        let verdict = verifyHostKey(knownHosts.entries, keyNames[0], port, key);
        if (!verdict.ok && verdict.reason === 'unknown' && keyNames.length > 1) verdict = verifyHostKey(knownHosts.entries, keyNames[1], port, key);
        if (verdict.ok) {
          log.debug(`host key of ${host}:${port} matches ${verdict.entry.source}`);
          return true;
        }
        refusal = describeHostKeyRefusal(host, port, verdict, key, knownHosts.files);
        return false;
      },
    });
  });
  log.debug(`logged in to ${host}:${port} as ${settings.user}`);

  let connectionLost = false;
  client.on('close', () => { connectionLost = true; });
  client.on('error', () => { connectionLost = true; });

  return {
    host,
    port,
    exec: (command, execDeadline) => runRemote(client, command, execDeadline, () => connectionLost, log),
    close: () => {
      client.removeAllListeners('close');
      client.end();
      client.destroy();
    },
  };
}

function runRemote(client: Client, command: string, deadline: Deadline, lost: () => boolean, log: SshLog): Promise<ExecResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let exitCode: number | undefined;
    let signal: string | undefined;
    let settled = false;
    let channel: ClientChannel | undefined;
    const finish = (outcome: { timedOut?: boolean; connectionLost?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeListener('close', onClose);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut: outcome.timedOut ?? false,
        connectionLost: outcome.connectionLost ?? false,
      });
    };
    const onClose = () => finish({ connectionLost: exitCode === undefined });
    const timer = setTimeout(() => {
      channel?.close();
      finish({ timedOut: true });
    }, deadline.remainingMs());
    if (lost()) {
      finish({ connectionLost: true });
      return;
    }
    client.once('close', onClose);
    log.debug(`remote command: ${command}`);
    try {
      client.exec(command, (error, stream) => {
        if (error) {
          log.debug(`exec failed: ${error.message}`);
          finish({ connectionLost: true });
          return;
        }
        channel = stream;
        stream.on('data', (chunk: Buffer) => stdout.push(chunk));
        stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        stream.on('exit', (code: number | null, signalName?: string) => {
          if (typeof code === 'number') exitCode = code;
          if (signalName) signal = signalName;
        });
        stream.on('close', () => finish({ connectionLost: exitCode === undefined && signal === undefined }));
      });
    } catch (error) {
      log.debug(`exec failed: ${(error as Error).message}`);
      finish({ connectionLost: true });
    }
  });
}

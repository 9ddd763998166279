import { createHmac, randomBytes } from 'node:crypto';
import {
  entryMatchesHost, keyTypeOfBlob, knownHostName, parseKnownHosts, patternsMatch, preferredHostKeyAlgorithms, verifyHostKey,
} from '../../../src/lib/ssh/known-hosts.js';
import { fingerprint } from '../../../src/lib/ssh/session.js';

function blob(type: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, randomBytes(32)]);
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const ed = blob('ssh-ed25519');
const ed2 = blob('ssh-ed25519');
const rsa = blob('ssh-rsa');
const revoked = blob('ssh-ed25519');
const text = [
  '# comment',
  '',
  `node1,10.0.0.1 ssh-ed25519 ${ed.toString('base64')} root@node1`,
  `${hashed('node2')} ssh-rsa ${rsa.toString('base64')}`,
  `${hashed('[node3]:2222')} ssh-ed25519 ${ed2.toString('base64')}`,
  `*.lab,!bad.lab ssh-ed25519 ${ed2.toString('base64')}`,
  `@revoked * ssh-ed25519 ${revoked.toString('base64')}`,
  `@cert-authority *.lab ssh-ed25519 ${ed.toString('base64')}`,
  'garbage line',
  'node9 ssh-ed25519 not*base64',
].join('\n');
const entries = parseKnownHosts(text, '/tmp/kh');

describe('known_hosts parsing', () => {
  it('keeps valid lines with markers and skips malformed ones', () => {
    expect(entries).toHaveLength(6);
    expect(entries.map((e) => e.marker)).toEqual([undefined, undefined, undefined, undefined, 'revoked', 'cert-authority']);
    expect(entries[0].source).toBe('/tmp/kh:3');
    expect(entries[1].hashed).toBeDefined();
  });
  it('names non-22 ports as [host]:port, lower-cased', () => {
    expect(knownHostName('Node1', 22)).toBe('node1');
    expect(knownHostName('Node1', 2222)).toBe('[node1]:2222');
  });
  it('matches wildcards and honours negation', () => {
    expect(patternsMatch(['*.lab', '!bad.lab'], 'good.lab')).toBe(true);
    expect(patternsMatch(['*.lab', '!bad.lab'], 'bad.lab')).toBe(false);
    expect(patternsMatch(['node?'], 'node1')).toBe(true);
    expect(patternsMatch(['node?'], 'node10')).toBe(false);
    expect(patternsMatch(['NODE1'], 'node1')).toBe(true);
  });
  it('matches hashed names exactly', () => {
    expect(entryMatchesHost(entries[1], 'node2')).toBe(true);
    expect(entryMatchesHost(entries[1], 'node22')).toBe(false);
    expect(entryMatchesHost(entries[2], '[node3]:2222')).toBe(true);
    expect(entryMatchesHost(entries[2], 'node3')).toBe(false);
  });
});

describe('verifyHostKey', () => {
  it('accepts the recorded key (plain, hashed, [host]:port, wildcard)', () => {
    expect(verifyHostKey(entries, 'node1', 22, ed).ok).toBe(true);
    expect(verifyHostKey(entries, '10.0.0.1', 22, ed).ok).toBe(true);
    expect(verifyHostKey(entries, 'NODE2', 22, rsa).ok).toBe(true);
    expect(verifyHostKey(entries, 'node3', 2222, ed2).ok).toBe(true);
    expect(verifyHostKey(entries, 'web.lab', 22, ed2).ok).toBe(true);
  });
  it('refuses another key for a known host as a mismatch', () => {
    expect(verifyHostKey(entries, 'node1', 22, ed2)).toEqual({ ok: false, reason: 'mismatch', expectedTypes: ['ssh-ed25519'] });
  });
  it('refuses an unknown host, and the same host on another port', () => {
    expect(verifyHostKey(entries, 'node4', 22, ed)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(verifyHostKey(entries, 'node1', 2222, ed)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(verifyHostKey(entries, 'bad.lab', 22, ed2)).toMatchObject({ ok: false, reason: 'unknown' });
  });
  it('refuses a revoked key even for a host that would match', () => {
    expect(verifyHostKey(entries, 'node1', 22, revoked)).toMatchObject({ ok: false, reason: 'revoked' });
  });
  it('never accepts a key through a @cert-authority line', () => {
    expect(verifyHostKey(entries, 'ca.lab', 22, ed)).toMatchObject({ ok: false, reason: 'mismatch' });
  });
});

describe('host key algorithms and fingerprints', () => {
  it('prefers the algorithms of the recorded keys', () => {
    expect(preferredHostKeyAlgorithms(entries, 'node2', 22)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(preferredHostKeyAlgorithms(entries, 'node1', 22)).toEqual(['ssh-ed25519']);
    expect(preferredHostKeyAlgorithms(entries, 'unknown', 22)).toEqual([]);
  });
  it('reads the key type from a blob and prints OpenSSH fingerprints', () => {
    expect(keyTypeOfBlob(rsa)).toBe('ssh-rsa');
    expect(keyTypeOfBlob(Buffer.alloc(2))).toBe('unknown');
    expect(fingerprint(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });
});

import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildRequest, FAMILY_IPV4, FAMILY_IPV6, FenceCommand, HashType, parseRequest, REQUEST_SIZE, verifyRequest,
} from '../../../src/lib/fence-virt/protocol.js';
import { challengeAnswer } from '../../../src/lib/fence-virt/challenge.js';
import { decodeHostEntries, encodeHostEntry, HOST_ENTRY_SIZE, HOST_LIST_END } from '../../../src/lib/fence-virt/host-list.js';
import { createHash } from 'node:crypto';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const captured = Buffer.from(readFileSync(join(fixtures, 'fence_xvm-off-vm1.hex'), 'utf8').trim(), 'hex');
const capturedKey = readFileSync(join(fixtures, 'fence_xvm-off-vm1.key'));
const key = Buffer.from('another key\n');

function request(overrides: Partial<Parameters<typeof buildRequest>[0]> = {}, signingKey: Buffer | undefined = key): Buffer {
  return buildRequest({
    command: FenceCommand.Status, hashType: HashType.Sha256, domain: 'vm1', family: FAMILY_IPV4,
    addressBytes: Buffer.from([10, 0, 0, 7]), port: 1229, seqno: 4242, random: Buffer.alloc(6, 9), ...overrides,
  }, signingKey);
}

describe('the real fence_xvm datagram', () => {
  test('parses as fence_xvm -o off -H vm1 from 10.9.9.1, callback port 1229', () => {
    expect(captured.length).toBe(REQUEST_SIZE);
    const parsed = parseRequest(captured);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject({
      command: FenceCommand.Off, hashType: HashType.Sha256, domain: 'vm1', family: FAMILY_IPV4, address: '10.9.9.1', port: 1229, flags: 0,
    });
  });
  test('its sha256 signature verifies with the key file it was made with', () => {
    expect(verifyRequest(captured, capturedKey, HashType.Sha256)).toEqual({ ok: true });
  });
  test('a wrong key is refused, naming the likely cause', () => {
    const result = verifyRequest(captured, key, HashType.Sha256);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/signature mismatch \(wrong key\?\)/);
  });
  test('a minimum stronger than the request\'s hash refuses it', () => {
    const result = verifyRequest(captured, capturedKey, HashType.Sha512);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/weaker than the configured minimum sha512/);
  });
  test('one flipped bit anywhere breaks the signature', () => {
    for (const offset of [0, 4, 68, 96, 98, 104, 108, 120]) {
      const tampered = Buffer.from(captured);
      tampered[offset] ^= 0x01;
      expect(verifyRequest(tampered, capturedKey, HashType.Sha256).ok).toBe(false);
    }
  });
  test('building the same fields with the same random bytes gives the same datagram', () => {
    const rebuilt = buildRequest({
      command: FenceCommand.Off, hashType: HashType.Sha256, domain: 'vm1', family: FAMILY_IPV4,
      addressBytes: Buffer.from([10, 9, 9, 1]), port: 1229, seqno: captured.readUInt32LE(104),
      random: captured.subarray(98, 104),
    }, capturedKey);
    expect(rebuilt.equals(captured)).toBe(true);
  });
});

describe('parseRequest refuses what is not one request', () => {
  test('truncated', () => {
    const parsed = parseRequest(captured.subarray(0, 100));
    expect(parsed).toEqual({ ok: false, problem: '100 bytes, a fence_virt request has 176' });
    expect(verifyRequest(captured.subarray(0, 100), capturedKey, HashType.Sha256).ok).toBe(false);
  });
  test('too long', () => expect(parseRequest(Buffer.concat([captured, Buffer.alloc(1)])).ok).toBe(false));
  test('a domain without its NUL', () => {
    const bad = Buffer.from(captured);
    bad.fill(0x41, 4, 68);
    expect(parseRequest(bad)).toEqual({ ok: false, problem: 'the domain name is not NUL-terminated' });
  });
  test('an address length that does not match the family', () => {
    const bad = Buffer.from(captured);
    bad[2] = 16;
    expect(parseRequest(bad).ok).toBe(false);
  });
});

describe('signatures of every hash type', () => {
  test.each([HashType.Sha1, HashType.Sha256, HashType.Sha512])('hash %s: signed, verified, wrong key refused', (hashType) => {
    const packet = request({ hashType });
    expect(verifyRequest(packet, key, HashType.Sha1)).toEqual({ ok: true });
    expect(verifyRequest(packet, Buffer.from('other'), HashType.Sha1).ok).toBe(false);
  });
  test('sha1 digest is H(key || request with hash zeroed), zero-padded', () => {
    const packet = request({ hashType: HashType.Sha1 });
    const unsigned = Buffer.from(packet);
    unsigned.fill(0, 112);
    const digest = createHash('sha1').update(key).update(unsigned).digest();
    expect(packet.subarray(112, 132).equals(digest)).toBe(true);
    expect(packet.subarray(132).equals(Buffer.alloc(44))).toBe(true);
  });
  test('unsigned requests pass only when the minimum is none', () => {
    const packet = request({ hashType: HashType.None }, undefined);
    expect(verifyRequest(packet, key, HashType.None)).toEqual({ ok: true });
    expect(verifyRequest(packet, key, HashType.Sha1).ok).toBe(false);
  });
  test('an unknown hash type is refused', () => {
    const packet = request();
    packet[1] = 7;
    expect(verifyRequest(packet, key, HashType.None)).toEqual({ ok: false, problem: 'unknown hash type 7' });
  });
  test('a signed request without a configured key is refused', () => {
    expect(verifyRequest(request(), undefined, HashType.None).ok).toBe(false);
  });
});

describe('IPv6 requests', () => {
  test('the callback address is formatted as inet_ntop does', () => {
    const bytes = Buffer.from('fd000000000000000000000000000a01', 'hex');
    const parsed = parseRequest(request({ family: FAMILY_IPV6, addressBytes: bytes }));
    expect(parsed.ok && parsed.request.address).toBe('fd00::a01');
  });
});

describe('challenge answers and host lists', () => {
  test('a challenge answer is the padded digest of key and challenge', () => {
    const challenge = Buffer.alloc(64, 3);
    const answer = challengeAnswer(HashType.Sha256, key, challenge);
    expect(answer.length).toBe(64);
    expect(answer.subarray(0, 32).equals(createHash('sha256').update(key).update(challenge).digest())).toBe(true);
    expect(answer.subarray(32).equals(Buffer.alloc(32))).toBe(true);
  });
  test('host entries round-trip and stop at the terminator', () => {
    const data = Buffer.concat([
      encodeHostEntry({ domain: 'vm1', uuid: 'vm1', on: true }),
      encodeHostEntry({ domain: 'vm2', uuid: 'rsc-vm2', on: false }),
      HOST_LIST_END,
      encodeHostEntry({ domain: 'after-end', uuid: 'x', on: true }),
    ]);
    expect(HOST_ENTRY_SIZE).toBe(130);
    expect(decodeHostEntries(data)).toEqual([
      { domain: 'vm1', uuid: 'vm1', on: true },
      { domain: 'vm2', uuid: 'rsc-vm2', on: false },
    ]);
  });
});

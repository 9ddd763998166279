/**
 * The fence_virt multicast request and its answers, as fence-virt defines them (now in the
 * fence-agents repository, agents/virt/): `include/xvm.h` (fence_req_t, host_state_t, the
 * request, hash and response codes), `common/simple_auth.c` (how a request is signed and
 * verified), `client/mcast.c` (what fence_xvm sends and how it reads the answer).
 *
 * fence_req_t is a packed little-endian struct of 176 bytes (x86 clients send it as is;
 * big-endian ones byte-swap seqno, family and port first):
 *
 *   0 request u8 | 1 hashtype u8 | 2 addrlen u8 | 3 flags u8 | 4 domain[64] (NUL-terminated)
 *   68 address[28] (in_addr or in6_addr at the start) | 96 port u16 | 98 random[6]
 *   104 seqno u32 | 108 family u32 (2 = IPv4, 10 = IPv6) | 112 hash[64]
 *
 * The hash is H(key || the whole request with the hash field zeroed), zero-padded to 64 bytes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const REQUEST_SIZE = 176;
export const DOMAIN_FIELD_SIZE = 64;
export const HASH_FIELD_SIZE = 64;
export const MAX_KEY_BYTES = 4096;
export const DEFAULT_PORT = 1229;
export const DEFAULT_IPV4_GROUP = '225.0.0.12';
export const DEFAULT_IPV6_GROUP = 'ff05::3:1';
export const DEFAULT_KEY_FILE = '/etc/cluster/fence_xvm.key';

const OFFSET = {
  request: 0, hashType: 1, addressLength: 2, flags: 3, domain: 4, address: 68, port: 96,
  random: 98, seqno: 104, family: 108, hash: 112,
} as const;
const ADDRESS_FIELD_SIZE = 28;
const RANDOM_FIELD_SIZE = 6;

/** fence_cmd_t */
export enum FenceCommand {
  Null = 0,
  Off = 1,
  Reboot = 2,
  On = 3,
  Status = 4,
  DevStatus = 5,
  HostList = 6,
}

/** fence_hash_t and fence_auth_type_t share their values. */
export enum HashType {
  None = 0,
  Sha1 = 1,
  Sha256 = 2,
  Sha512 = 3,
}

/** The one-byte answers (RESP_* in xvm.h). */
export enum FenceResponse {
  Success = 0,
  Fail = 1,
  Off = 2,
  Permission = 3,
  HostList = 253,
}

/** The request flag meaning "domain holds a UUID" (fence_xvm -u). */
export const FLAG_BY_UUID = 0x1;

export const FAMILY_IPV4 = 2;
export const FAMILY_IPV6 = 10;

const ALGORITHMS: Record<Exclude<HashType, HashType.None>, string> = {
  [HashType.Sha1]: 'sha1',
  [HashType.Sha256]: 'sha256',
  [HashType.Sha512]: 'sha512',
};

export const HASH_NAMES: Record<HashType, string> = {
  [HashType.None]: 'none', [HashType.Sha1]: 'sha1', [HashType.Sha256]: 'sha256', [HashType.Sha512]: 'sha512',
};

export function parseHashName(name: string): HashType | undefined {
  switch (name.toLowerCase()) {
    case 'none': return HashType.None;
    case 'sha1': return HashType.Sha1;
    case 'sha256': return HashType.Sha256;
    case 'sha512': return HashType.Sha512;
    default: return undefined;
  }
}

export const COMMAND_NAMES: Record<FenceCommand, string> = {
  [FenceCommand.Null]: 'null', [FenceCommand.Off]: 'off', [FenceCommand.Reboot]: 'reboot', [FenceCommand.On]: 'on',
  [FenceCommand.Status]: 'status', [FenceCommand.DevStatus]: 'monitor', [FenceCommand.HostList]: 'list',
};

/** H(key || data), zero-padded to the 64-byte hash field. */
export function paddedDigest(type: Exclude<HashType, HashType.None>, key: Buffer, data: Buffer): Buffer {
  const digest = createHash(ALGORITHMS[type]).update(key).update(data).digest();
  const field = Buffer.alloc(HASH_FIELD_SIZE);
  digest.copy(field);
  return field;
}

export interface FenceRequest {
  readonly command: number;
  readonly hashType: number;
  readonly flags: number;
  /** The domain (or, with FLAG_BY_UUID, UUID) to act on; '' for list and monitor. */
  readonly domain: string;
  /** Where the client waits for our TCP connection. */
  readonly family: number;
  readonly address: string;
  readonly port: number;
  readonly seqno: number;
  /** The request's hash field: unique per signed request (fresh random bytes each time). */
  readonly hash: Buffer;
}

export type ParsedRequest =
  | { readonly ok: true; readonly request: FenceRequest }
  | { readonly ok: false; readonly problem: string };

function formatIpv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups, as inet_ntop does.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * A datagram as a request, structurally checked (its signature is checked by verifyRequest).
 * Refuses anything that is not exactly one request, a domain without its NUL, an address that
 * does not match its family.
 */
export function parseRequest(datagram: Buffer): ParsedRequest {
  if (datagram.length !== REQUEST_SIZE) {
    return { ok: false, problem: `${datagram.length} bytes, a fence_virt request has ${REQUEST_SIZE}` };
  }
  const domainBytes = datagram.subarray(OFFSET.domain, OFFSET.domain + DOMAIN_FIELD_SIZE);
  const end = domainBytes.indexOf(0);
  if (end < 0) return { ok: false, problem: 'the domain name is not NUL-terminated' };
  const domain = domainBytes.subarray(0, end).toString('latin1');
  const family = datagram.readUInt32LE(OFFSET.family);
  const addressLength = datagram.readUInt8(OFFSET.addressLength);
  const rawAddress = datagram.subarray(OFFSET.address, OFFSET.address + ADDRESS_FIELD_SIZE);
  let address: string;
  if (family === FAMILY_IPV4 && addressLength === 4) {
    address = [...rawAddress.subarray(0, 4)].join('.');
  } else if (family === FAMILY_IPV6 && addressLength === 16) {
    address = formatIpv6(rawAddress.subarray(0, 16));
  } else {
    return { ok: false, problem: `address family ${family} with a ${addressLength}-byte address` };
  }
  const port = datagram.readUInt16LE(OFFSET.port);
  if (port === 0) return { ok: false, problem: 'callback port 0' };
  return {
    ok: true,
    request: {
      command: datagram.readUInt8(OFFSET.request),
      hashType: datagram.readUInt8(OFFSET.hashType),
      flags: datagram.readUInt8(OFFSET.flags),
      domain,
      family,
      address,
      port,
      seqno: datagram.readUInt32LE(OFFSET.seqno),
      hash: Buffer.from(datagram.subarray(OFFSET.hash, OFFSET.hash + HASH_FIELD_SIZE)),
    },
  };
}

export type Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: string };

/**
 * Check a request's signature as fence_virtd does: its hash type must be at least `minimum`
 * (none passes only when the minimum is none), and H(key || request with hash zeroed) must
 * equal the hash field. Compared in constant time.
 */
export function verifyRequest(datagram: Buffer, key: Buffer | undefined, minimum: HashType): Verification {
  if (datagram.length !== REQUEST_SIZE) return { ok: false, problem: 'not a whole request' };
  const type = datagram.readUInt8(OFFSET.hashType);
  if (type > HashType.Sha512) return { ok: false, problem: `unknown hash type ${type}` };
  if (type < minimum) {
    return { ok: false, problem: `hash ${HASH_NAMES[type as HashType]} is weaker than the configured minimum ${HASH_NAMES[minimum]}` };
  }
  if (type === HashType.None) return { ok: true };
  if (key === undefined || key.length === 0) return { ok: false, problem: 'the request is signed but no key is configured' };
  const unsigned = Buffer.from(datagram);
  unsigned.fill(0, OFFSET.hash, OFFSET.hash + HASH_FIELD_SIZE);
  const expected = paddedDigest(type as Exclude<HashType, HashType.None>, key, unsigned);
  const actual = datagram.subarray(OFFSET.hash, OFFSET.hash + HASH_FIELD_SIZE);
  if (!timingSafeEqual(expected, actual)) {
    return { ok: false, problem: `${HASH_NAMES[type as HashType]} signature mismatch (wrong key?)` };
  }
  return { ok: true };
}

export interface RequestFields {
  readonly command: FenceCommand;
  readonly hashType: HashType;
  readonly domain: string;
  readonly family: typeof FAMILY_IPV4 | typeof FAMILY_IPV6;
  /** The address bytes (4 or 16). */
  readonly addressBytes: Buffer;
  readonly port: number;
  readonly seqno: number;
  readonly random: Buffer;
  readonly flags?: number;
}

/** Build and sign a request as fence_xvm does (for tests and diagnostics). */
export function buildRequest(fields: RequestFields, key: Buffer | undefined): Buffer {
  const packet = Buffer.alloc(REQUEST_SIZE);
  packet.writeUInt8(fields.command, OFFSET.request);
  packet.writeUInt8(fields.hashType, OFFSET.hashType);
  packet.writeUInt8(fields.addressBytes.length, OFFSET.addressLength);
  packet.writeUInt8(fields.flags ?? 0, OFFSET.flags);
  const domain = Buffer.from(fields.domain, 'latin1');
  if (domain.length >= DOMAIN_FIELD_SIZE) throw new Error(`domain name longer than ${DOMAIN_FIELD_SIZE - 1} bytes`);
  domain.copy(packet, OFFSET.domain);
  fields.addressBytes.copy(packet, OFFSET.address);
  packet.writeUInt16LE(fields.port, OFFSET.port);
  fields.random.copy(packet, OFFSET.random, 0, RANDOM_FIELD_SIZE);
  packet.writeUInt32LE(fields.seqno >>> 0, OFFSET.seqno);
  packet.writeUInt32LE(fields.family, OFFSET.family);
  if (fields.hashType !== HashType.None) {
    if (key === undefined) throw new Error('a signed request needs a key');
    paddedDigest(fields.hashType, key, packet).copy(packet, OFFSET.hash);
  }
  return packet;
}

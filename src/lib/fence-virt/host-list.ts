/**
 * The answer to a list request (`server/mcast.c` mcast_hostlist*, read by fence_xvm's
 * do_read_hostlist): the byte RESP_HOSTLIST, then one 130-byte host_state_t per domain
 * (domain[64], uuid[64], state u8 (1 = on), pad u8), then an all-zero one, then the result byte.
 */
import { DOMAIN_FIELD_SIZE } from './protocol.js';

export const HOST_ENTRY_SIZE = DOMAIN_FIELD_SIZE * 2 + 2;

export interface HostEntry {
  readonly domain: string;
  /** fence_xvm prints it in the second column. */
  readonly uuid: string;
  readonly on: boolean;
}

export function encodeHostEntry(entry: HostEntry): Buffer {
  const record = Buffer.alloc(HOST_ENTRY_SIZE);
  Buffer.from(entry.domain, 'latin1').copy(record, 0, 0, DOMAIN_FIELD_SIZE - 1);
  Buffer.from(entry.uuid, 'latin1').copy(record, DOMAIN_FIELD_SIZE, 0, DOMAIN_FIELD_SIZE - 1);
  record.writeUInt8(entry.on ? 1 : 0, DOMAIN_FIELD_SIZE * 2);
  return record;
}

export const HOST_LIST_END: Buffer = Buffer.alloc(HOST_ENTRY_SIZE);

/** Decode entries up to the terminator (for tests and diagnostics). */
export function decodeHostEntries(data: Buffer): HostEntry[] {
  const entries: HostEntry[] = [];
  for (let offset = 0; offset + HOST_ENTRY_SIZE <= data.length; offset += HOST_ENTRY_SIZE) {
    const record = data.subarray(offset, offset + HOST_ENTRY_SIZE);
    const text = (start: number) => {
      const field = record.subarray(start, start + DOMAIN_FIELD_SIZE);
      const end = field.indexOf(0);
      return field.subarray(0, end < 0 ? DOMAIN_FIELD_SIZE : end).toString('latin1');
    };
    const domain = text(0);
    const uuid = text(DOMAIN_FIELD_SIZE);
    if (domain === '' && uuid === '') break;
    entries.push({ domain, uuid, on: record.readUInt8(DOMAIN_FIELD_SIZE * 2) === 1 });
  }
  return entries;
}

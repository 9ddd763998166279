import { describe, expect, test } from '@jest/globals';
import { RequestHistory } from '../../../src/lib/fence-virt/request-history.js';
import type { FenceRequest } from '../../../src/lib/fence-virt/protocol.js';

function request(hashByte: number, seqno = 1, address = '10.0.0.7'): FenceRequest {
  return { command: 1, hashType: 2, flags: 0, domain: 'vm1', family: 2, address, port: 1229, seqno, hash: Buffer.alloc(64, hashByte) };
}

describe('RequestHistory', () => {
  test('the same signed datagram twice is a replay, within the window only', () => {
    let now = 0;
    const history = new RequestHistory({ replayWindowMs: 1000, now: () => now });
    expect(history.isReplay(request(1))).toBe(false);
    now = 999;
    expect(history.isReplay(request(1))).toBe(true);
    now = 2100;
    expect(history.isReplay(request(1))).toBe(false);
  });
  test('a retransmission (new random, same seqno) is dropped while handled and for a while after', () => {
    let now = 0;
    const history = new RequestHistory({ replayWindowMs: 60_000, retransmitWindowMs: 10_000, now: () => now });
    const key = history.begin(request(1));
    expect(key).toBeDefined();
    expect(history.begin(request(2))).toBeUndefined();
    now = 50_000;
    expect(history.begin(request(3))).toBeUndefined();
    history.finished(key ?? '');
    now = 59_999;
    expect(history.begin(request(4))).toBeUndefined();
    now = 60_001;
    expect(history.begin(request(5))).toBeDefined();
  });
  test('other clients with the same seqno are other requests', () => {
    const history = new RequestHistory({ replayWindowMs: 60_000 });
    expect(history.begin(request(1, 7, '10.0.0.7'))).toBeDefined();
    expect(history.begin(request(2, 7, '10.0.0.8'))).toBeDefined();
    expect(history.begin(request(3, 8, '10.0.0.7'))).toBeDefined();
  });
  test('memory is bounded: the oldest signatures go first', () => {
    const history = new RequestHistory({ replayWindowMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i += 1) history.isReplay(request(i));
    expect(history.sizes.signatures).toBeLessThanOrEqual(4);
    expect(history.isReplay(request(9))).toBe(true);
  });
});

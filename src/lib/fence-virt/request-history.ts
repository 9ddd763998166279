/**
 * What the daemon remembers about requests it has seen, for two different refusals:
 *
 * - a replay: the same signed datagram again. fence_xvm signs every datagram with fresh random
 *   bytes (`common/simple_auth.c` sha_sign), so an identical hash field means a copy: refused
 *   for `replayWindowMs` after the first sighting.
 * - a retransmission: fence_xvm resends its request (new random, same seqno) until a daemon
 *   connects back, and sends one copy per local address. A request with the same callback
 *   address and port, command, seqno and domain as one being handled, or handled in the last
 *   `retransmitWindowMs`, is dropped quietly, as fence_virtd's history does (`server/history.c`).
 *
 * Both memories are bounded (oldest entries dropped first) so a flood cannot exhaust memory.
 */
import type { FenceRequest } from './protocol.js';

export interface RequestHistoryOptions {
  readonly replayWindowMs: number;
  readonly retransmitWindowMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export function retransmissionKey(request: FenceRequest): string {
  return `${request.address}|${request.port}|${request.command}|${request.seqno}|${request.domain}`;
}

export class RequestHistory {
  /** signature -> expiry, in arrival order (every entry gets the same window). */
  private readonly signatures = new Map<string, number>();
  /** key -> expiry; Infinity while the request is being handled. */
  private readonly requests = new Map<string, number>();
  private readonly replayWindowMs: number;
  private readonly retransmitWindowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: RequestHistoryOptions) {
    this.replayWindowMs = options.replayWindowMs;
    this.retransmitWindowMs = options.retransmitWindowMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Every verified datagram passes here first: true when its signature was seen within the
   * replay window (a copy of a request), else it is remembered.
   */
  isReplay(request: FenceRequest): boolean {
    const now = this.now();
    for (const [signature, expiry] of this.signatures) {
      if (expiry > now && this.signatures.size <= this.maxEntries) break;
      this.signatures.delete(signature);
    }
    const signature = request.hash.toString('hex');
    if (this.signatures.has(signature)) return true;
    this.signatures.set(signature, now + this.replayWindowMs);
    return false;
  }

  /**
   * A request this daemon is going to answer: undefined when it is a retransmission of one
   * being handled or just answered, else the key to pass to `finished`. Only called for
   * requests this daemon answers, so that one another Dom0 should have answered is judged
   * again when it comes back.
   */
  begin(request: FenceRequest): string | undefined {
    const now = this.now();
    for (const [key, expiry] of this.requests) if (expiry <= now) this.requests.delete(key);
    const key = retransmissionKey(request);
    if (this.requests.has(key)) return undefined;
    if (this.requests.size >= this.maxEntries) return undefined;
    this.requests.set(key, Infinity);
    return key;
  }

  /** The request is answered (or given up): drop its retransmissions for a while longer. */
  finished(key: string): void {
    this.requests.delete(key);
    this.requests.set(key, this.now() + this.retransmitWindowMs);
  }

  get sizes(): { readonly signatures: number; readonly requests: number } {
    return { signatures: this.signatures.size, requests: this.requests.size };
  }
}

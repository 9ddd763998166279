/**
 * Exact reads and whole writes on a TCP socket, each bounded by a deadline: the callback
 * connection of a fence_virt exchange never waits unbounded for a client that stopped talking.
 */
import type { Socket } from 'node:net';
import type { Deadline } from '../runtime/deadline.js';

export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelError';
  }
}

export class SocketChannel {
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.notify();
    });
    socket.on('end', () => { this.ended = true; this.notify(); });
    socket.on('close', () => { this.ended = true; this.notify(); });
    socket.on('error', (error: Error) => { this.failure = error; this.notify(); });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Exactly `length` bytes, or a ChannelError (peer closed, socket error, deadline). */
  async read(length: number, deadline: Deadline, what: string): Promise<Buffer> {
    for (;;) {
      if (this.buffered.length >= length) {
        const data = this.buffered.subarray(0, length);
        this.buffered = this.buffered.subarray(length);
        return data;
      }
      if (this.failure) throw new ChannelError(`${what}: ${this.failure.message}`);
      if (this.ended) throw new ChannelError(`${what}: the client closed the connection after ${this.buffered.length} of ${length} bytes`);
      const remaining = deadline.remainingMs();
      if (remaining <= 0) throw new ChannelError(`${what}: no answer from the client in time (${this.buffered.length} of ${length} bytes)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.wake = undefined; resolve(); }, remaining);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  /** Write all of `data`, waiting for it to drain at most until the deadline. */
  async write(data: Buffer, deadline: Deadline, what: string): Promise<void> {
    if (this.failure) throw new ChannelError(`${what}: ${this.failure.message}`);
    if (this.socket.destroyed || !this.socket.writable) throw new ChannelError(`${what}: the connection is closed`);
    const flushed = this.socket.write(data);
    if (flushed) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ChannelError(`${what}: the client does not read (deadline)`)), deadline.remainingMs());
      this.socket.once('drain', () => { clearTimeout(timer); resolve(); });
      this.socket.once('close', () => { clearTimeout(timer); reject(new ChannelError(`${what}: the connection closed`)); });
    });
  }
}

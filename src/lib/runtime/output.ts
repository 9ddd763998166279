/**
 * Synchronous writes to stdout/stderr by file descriptor. Touching process.stdout builds a
 * stream object on first use, a cost every agent process would pay; Pacemaker reads our
 * output from pipes, where a blocking write of a few KiB is immediate.
 */
import { writeSync } from 'node:fs';

const retryPause = new Int32Array(new SharedArrayBuffer(4));

export function writeAllSync(fd: number, text: string): void {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0) {
    try {
      const written = writeSync(fd, buffer);
      buffer = buffer.subarray(written);
    } catch (error) {
      // A non-blocking pipe that is full: wait a moment and try again; anything else: give up.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(retryPause, 0, 0, 5);
    }
  }
}

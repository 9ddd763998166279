/**
 * What the admin sees while the cluster works: on a terminal one status line rewritten in
 * place with the elapsed time; otherwise (a pipe, a log) one line per change.
 */
export class Progress {
  private last = '';
  private shown = false;
  private readonly started = performance.now();

  constructor(private readonly write: (text: string) => void, private readonly interactive: boolean) {}

  update(text: string): void {
    if (this.interactive) {
      const seconds = Math.round((performance.now() - this.started) / 1000);
      this.write(`\r\x1b[K${text} (${seconds} s)`);
      this.shown = true;
    } else if (text !== this.last) {
      this.write(`${text}\n`);
    }
    this.last = text;
  }

  /** A line that stays (each guest that moved during a standby). */
  note(text: string): void {
    this.clear();
    this.write(`${text}\n`);
  }

  /** End the status line. */
  clear(): void {
    if (this.interactive && this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}

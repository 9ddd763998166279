/**
 * The time Pacemaker gave an action (OCF_RESKEY_CRM_meta_timeout), as a clock every step
 * plans inside: child processes get what is left, loops stop before the cluster kills us.
 */

import { clampTimeMs } from './values.js';

/** Time kept back at the end of every action (at most a tenth of it) so that we exit, and say why, before Pacemaker kills us. */
export const EXIT_MARGIN_MS = 1000;

export class Deadline {
  private readonly expiresAt: number;

  readonly budgetMs: number;

  /**
   * A deadline `budgetMs` from now (monotonic clock), at most MAX_TIME_MS: what is left always
   * fits a timer (Node fires a longer setTimeout after 1 ms).
   */
  constructor(budgetMs: number, private readonly now: () => number = monotonicNow) {
    this.budgetMs = clampTimeMs(budgetMs);
    this.expiresAt = this.now() + this.budgetMs;
  }

  /**
   * The action's deadline: the op timeout (or the declared default) measured from process start,
   * less a small margin to report a failure before being killed.
   */
  static forAction(timeoutMs: number, startedAgoMs = processUptimeMs()): Deadline {
    const margin = Math.min(EXIT_MARGIN_MS, timeoutMs / 10);
    return new Deadline(timeoutMs - margin - startedAgoMs);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  get expired(): boolean {
    return this.remainingMs() <= 0;
  }

  /** A sub-deadline: at most `maxMs`, and never past this one less `reserveMs` (kept for later steps). */
  sub(maxMs: number, reserveMs = 0): Deadline {
    return new Deadline(Math.max(0, Math.min(maxMs, this.remainingMs() - reserveMs)), this.now);
  }

  /** Sleep `ms`, cut short at the deadline. Resolves true when the full time passed. */
  async sleep(ms: number): Promise<boolean> {
    const wait = Math.min(ms, this.remainingMs());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return wait >= ms;
  }

  /**
   * Call `check` until it returns a value other than undefined, every `intervalMs`, until the deadline.
   * Returns undefined when the deadline passed first. `check` is always called at least once.
   */
  async pollUntil<T>(check: () => Promise<T | undefined>, intervalMs: number): Promise<T | undefined> {
    for (;;) {
      const result = await check();
      if (result !== undefined) return result;
      if (this.remainingMs() <= 0) return undefined;
      await this.sleep(intervalMs);
      if (this.remainingMs() <= 0) {
        return check();
      }
    }
  }
}

export function monotonicNow(): number {
  return performance.now();
}

/** Milliseconds since this process started (what Pacemaker's timer has already used). */
export function processUptimeMs(): number {
  return performance.now();
}

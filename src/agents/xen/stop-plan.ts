/**
 * How stop shares its time: an orderly shutdown first, for at most `shutdown_timeout` and never
 * so long that no time is left to destroy the domain and verify that it is gone.
 */

/** Kept back from the orderly shutdown for destroy and verification: max(5 s, 1/6 of the op timeout). */
export function destroyReserveMs(timeoutMs: number): number {
  return Math.max(5000, Math.floor(timeoutMs / 6));
}

export interface StopPlan {
  /** Time for the orderly shutdown; 0 destroys at once. */
  readonly gracefulMs: number;
  /** Set when shutdown_timeout was shortened to fit the op timeout. */
  readonly capped: boolean;
}

/**
 * @param remainingMs what is left of the stop's deadline
 * @param timeoutMs the stop's op timeout (for the reserve)
 * @param shutdownTimeoutS shutdown_timeout when set and valid, else undefined
 */
export function planStop(remainingMs: number, timeoutMs: number, shutdownTimeoutS: number | undefined): StopPlan {
  const available = Math.max(0, remainingMs - destroyReserveMs(timeoutMs));
  if (shutdownTimeoutS === undefined) return { gracefulMs: available, capped: false };
  const wanted = shutdownTimeoutS * 1000;
  return wanted > available ? { gracefulMs: available, capped: true } : { gracefulMs: wanted, capped: false };
}

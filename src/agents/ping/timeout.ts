/**
 * The per-host wait in whole seconds, derived exactly as ocf:pacemaker:ping does before it
 * dispatches (pacemaker 2.1.5 agents/ocf/ping.in):
 *   - a value with ms/msec is divided by 1000, m/min multiplied by 60, h/hr by 3600, anything
 *     else is seconds — all in integer arithmetic;
 *   - unset: CRM_meta_timeout (ms, 20000 when absent) / host count / attempts / 1100, each
 *     division truncating (seconds, finishing 10 % early); 5 when host_list is empty;
 *   - below 1 → 5; above 1000 → 300.
 * Values the reference would misread (garbage, "1.5s", "2 ms") are refused instead.
 */

const UNIT_SECONDS = {
  '': 1, s: 1, sec: 1,
  m: 60, min: 60,
  h: 3600, hr: 3600,
} as const;

export interface TimeoutInput {
  /** OCF_RESKEY_timeout as given; undefined or '' when unset. */
  readonly timeout: string | undefined;
  readonly hostCount: number;
  readonly attempts: number;
  /** OCF_RESKEY_CRM_meta_timeout in ms, when Pacemaker gave one. */
  readonly operationTimeoutMs: number | undefined;
}

export class TimeoutSyntaxError extends Error {
  constructor(value: string) {
    super(`parameter "timeout" must be a whole number of seconds, optionally with a unit (ms, msec, s, sec, m, min, h, hr), such as 2, 2s or 1500ms; not "${value}"`);
    this.name = 'TimeoutSyntaxError';
  }
}

function clamp(seconds: number): number {
  if (seconds < 1) return 5;
  if (seconds > 1000) return 300;
  return seconds;
}

/** The timeout in seconds (an integer from 1 to 1000); throws TimeoutSyntaxError for a malformed value. */
export function deriveTimeoutSeconds(input: TimeoutInput): number {
  const raw = input.timeout?.trim() ?? '';
  if (raw === '') {
    if (input.hostCount === 0) return clamp(5);
    const operationMs = input.operationTimeoutMs ?? 20_000;
    const perAttemptMs = Math.trunc(Math.trunc(operationMs / input.hostCount) / input.attempts);
    return clamp(Math.trunc(perAttemptMs / 1100));
  }
  const match = /^(\d+)(ms|msec|s|sec|m|min|h|hr)?$/.exec(raw);
  if (!match) throw new TimeoutSyntaxError(raw);
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit === 'ms' || unit === 'msec') return clamp(Math.trunc(amount / 1000));
  return clamp(amount * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS]);
}

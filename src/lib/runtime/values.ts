/** Value syntax shared by every agent: OCF booleans, Pacemaker time values, integers. */

const TRUE_WORDS = new Set(['yes', 'true', '1', 'YES', 'TRUE', 'True', 'ja', 'on', 'ON']);
const FALSE_WORDS = new Set(['no', 'false', '0', 'NO', 'FALSE', 'False', 'nein', 'off', 'OFF']);

/** Exactly ocf-shellfuncs' ocf_is_true: anything not in its list is false. */
export function ocfIsTrue(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.has(value);
}

/**
 * Strict boolean: ocf_is_true's words are true, their opposites false,
 * anything else is reported (validate-all) instead of silently meaning false.
 */
export function parseOcfBoolean(value: string): boolean | undefined {
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

const TIME_UNITS_MS: Record<string, number> = {
  ms: 1, msec: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};

/**
 * The longest time any wait can use: Node's timers hold a signed 32-bit millisecond count
 * (about 24.8 days) and fire after 1 ms when given more, which would turn a huge timeout into
 * none at all. Every time value is clamped to it where it is parsed.
 */
export const MAX_TIME_MS = 2 ** 31 - 1;

/** A time in milliseconds, clamped to [0, MAX_TIME_MS]. */
export function clampTimeMs(ms: number): number {
  return Math.min(MAX_TIME_MS, Math.max(0, ms));
}

/**
 * Pacemaker time value ("30", "30s", "2min", "500ms", "1h") in milliseconds, at most
 * MAX_TIME_MS. A bare number is seconds, as in the CIB. Returns undefined when malformed.
 */
export function parseTimeMs(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2].toLowerCase();
  const factor = unit === '' ? 1000 : TIME_UNITS_MS[unit];
  if (factor === undefined || !Number.isFinite(amount)) return undefined;
  return clampTimeMs(Math.round(amount * factor));
}

/** A duration for messages and logs: "2.5 s", "60.0 s" (one decimal, whatever the size). */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A decimal integer ("-3", "42"); undefined when malformed or not a safe integer. */
export function parseInteger(value: string): number | undefined {
  if (!/^\s*-?\d+\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

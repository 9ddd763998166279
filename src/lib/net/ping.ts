/**
 * iputils ping, one process per address, all started at once. With -w (deadline), -c 1 means
 * "until the first reply": ping sends an echo request every `timeout / attempts` seconds (-i)
 * and stops at the first answer, or at the deadline. So a host that answers costs one round
 * trip and one that never answers costs `timeout` after `attempts` requests — not
 * attempts × 1 s + timeout, as ping's defaults would.
 * A host counts as reachable when any echo reply came back ("N received" with N > 0).
 */

export interface PingPlan {
  readonly family: 4 | 6;
  readonly attempts: number;
  /** Whole seconds: ping's -w deadline. */
  readonly timeoutSeconds: number;
  readonly options: readonly string[];
  readonly address: string;
}

/** Smallest -i we use; below 0.2 s iputils wants root (and it floods for nothing). */
const MIN_INTERVAL_SECONDS = 0.2;

/** ping -4|-6 -n -q -c 1 -i <timeout/attempts> -w <timeout> <options> <address> */
export function pingArguments(plan: PingPlan): string[] {
  const interval = Math.max(MIN_INTERVAL_SECONDS, plan.timeoutSeconds / plan.attempts);
  return [
    `-${plan.family}`, '-n', '-q',
    '-c', '1',
    '-i', interval.toFixed(3).replace(/\.?0+$/, ''),
    '-w', String(plan.timeoutSeconds),
    ...plan.options,
    plan.address,
  ];
}

export interface PingSummary {
  readonly transmitted: number;
  readonly received: number;
}

/** "3 packets transmitted, 1 received, +2 errors, 66% packet loss, time 2003ms" → counts. */
export function parsePingSummary(stdout: string): PingSummary | undefined {
  const match = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(stdout);
  return match ? { transmitted: Number(match[1]), received: Number(match[2]) } : undefined;
}

/**
 * fping: one invocation probes every address of one family at once. fping exits 1 when some
 * targets are unreachable; that is a result, not an error. Per target it prints
 * "<target> is alive" or "<target> is unreachable" on stdout, with the target exactly as given.
 */

export interface FpingPlan {
  readonly family: 4 | 6;
  /** Echo requests per target (fping -r counts retries, so -r is attempts - 1). */
  readonly attempts: number;
  /** The whole wait per target, in milliseconds, split evenly between the attempts. */
  readonly timeoutMs: number;
  readonly options: readonly string[];
  readonly addresses: readonly string[];
}

/** fping -4|-6 -r <attempts-1> -t <timeout/attempts> -B 1.0 <options> <addresses…> */
export function fpingArguments(plan: FpingPlan): string[] {
  const perAttemptMs = Math.max(1, Math.floor(plan.timeoutMs / plan.attempts));
  return [
    `-${plan.family}`,
    '-r', String(Math.max(0, plan.attempts - 1)),
    '-t', String(perAttemptMs),
    '-B', '1.0',
    ...plan.options,
    ...plan.addresses,
  ];
}

export type FpingVerdict = 'alive' | 'unreachable';

/** The verdict per target from fping's stdout; targets it did not report are absent. */
export function parseFpingOutput(stdout: string): Map<string, FpingVerdict> {
  const verdicts = new Map<string, FpingVerdict>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+) is (alive|unreachable)\b/.exec(line.trim());
    if (match) verdicts.set(match[1], match[2] as FpingVerdict);
  }
  return verdicts;
}

/** fping's per-target complaints on stderr ("<target>: error while sending ping: …", ICMP errors), by target. */
export function parseFpingErrors(stderr: string): Map<string, string> {
  const errors = new Map<string, string>();
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const icmp = /^ICMP (.+?) from \S+ for ICMP Echo sent to (\S+)/.exec(line);
    if (icmp) {
      if (!errors.has(icmp[2])) errors.set(icmp[2], `ICMP ${icmp[1]}`);
      continue;
    }
    const own = /^(\S+?): (.+)$/.exec(line);
    if (own && !errors.has(own[1])) errors.set(own[1], own[2]);
  }
  return errors;
}

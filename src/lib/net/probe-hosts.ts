/**
 * Probe every host at once and say, per host, whether it answered: one fping per address
 * family, or one ping per host, all concurrent, each bounded by the timeout. A host that did
 * not resolve, did not answer, or that the tool could not reach (no route, ICMP errors) is
 * unreachable; only a tool that cannot run at all is an error (ProbeToolError).
 */
import { describeFailure, runCommand, type CommandOptions, type CommandResult } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';
import { toolOutputExcerpt } from '../runtime/text.js';
import { fpingArguments, parseFpingErrors, parseFpingOutput } from './fping.js';
import { parsePingSummary, pingArguments } from './ping.js';
import type { ProbeTool } from './probe-options.js';
import type { AddressFamily, ResolvedHost } from './resolve-hosts.js';

export type RunCommand = (command: string, args: readonly string[], options: CommandOptions) => Promise<CommandResult>;

export interface ProbeSettings {
  readonly tool: ProbeTool;
  /** The program to run (a path found in PATH, or the bare name). */
  readonly command: string;
  readonly attempts: number;
  readonly timeoutSeconds: number;
  /** Validated extra arguments (parseProbeOptions). */
  readonly options: readonly string[];
  /** Nothing runs past this; hosts still unanswered then are unreachable. */
  readonly deadline: Deadline;
  /** Most ping processes at once (fping needs one per family). */
  readonly maxConcurrent?: number;
  readonly log?: { debug(message: string): void };
  /** For tests. */
  readonly run?: RunCommand;
}

export interface HostProbeResult {
  readonly host: string;
  readonly address: string | undefined;
  readonly reachable: boolean;
  /** Why it is unreachable (or "alive"), for logs. */
  readonly detail: string;
}

export interface ProbeReport {
  readonly hosts: readonly HostProbeResult[];
  readonly reachable: number;
  /** Raw tool output, for debug=verbose. */
  readonly transcript: readonly string[];
}

/** The probe tool itself could not run: missing, refused its arguments, or crashed. */
export class ProbeToolError extends Error {
  constructor(readonly kind: 'missing' | 'failed', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeToolError';
  }
}

/** Time a probe process gets beyond `timeout`: fping paces its first sends 10 ms apart. */
export function probeGraceMs(addressCount: number): number {
  return 2000 + 10 * addressCount;
}

/** iputils ping refusing its arguments (as opposed to failing to reach a host: "connect: Invalid argument"). */
const PING_USAGE_ERROR = /invalid option|option requires an argument|invalid argument: '|argument contains garbage|bad (timing interval|number of packets|linger time|wait time|value)|^Usage/im;

function firstLine(text: string): string {
  return toolOutputExcerpt(text.trim().split('\n')[0] ?? '', 1);
}

/** One transcript entry: the command, its exit and a bounded excerpt of what it printed. */
function transcriptEntry(result: CommandResult): string {
  return `${result.commandLine} → ${result.exitCode ?? result.signal ?? 'not run'}: ${toolOutputExcerpt(`${result.stdout}${result.stderr}`, 20, 2000)}`;
}

function commandOptions(settings: ProbeSettings, addressCount: number): CommandOptions {
  return {
    deadline: settings.deadline.sub(settings.timeoutSeconds * 1000 + probeGraceMs(addressCount)),
    killGraceMs: 100,
    log: settings.log,
  };
}

function startFailure(settings: ProbeSettings, result: CommandResult): ProbeToolError {
  return new ProbeToolError('missing', `cannot run ${settings.tool}: ${result.startError ?? 'unknown error'}`);
}

async function probeWithFping(
  settings: ProbeSettings, family: AddressFamily, addresses: readonly string[], transcript: string[],
): Promise<Map<string, { reachable: boolean; detail: string }>> {
  const run = settings.run ?? runCommand;
  const args = fpingArguments({ family, attempts: settings.attempts, timeoutMs: settings.timeoutSeconds * 1000, options: settings.options, addresses });
  const result = await run(settings.command, args, commandOptions(settings, addresses.length));
  transcript.push(transcriptEntry(result));
  if (result.startError !== undefined) throw startFailure(settings, result);
  const verdicts = parseFpingOutput(result.stdout);
  const errors = parseFpingErrors(result.stderr);
  const unanswered = addresses.filter((address) => !verdicts.has(address));
  const normalExit = result.exitCode === 0 || result.exitCode === 1;
  // fping reports every target it could ping; silence about all of them (or an odd exit) means it did not run.
  const silent = addresses.length > 0 && unanswered.length === addresses.length;
  if (!result.timedOut && unanswered.length > 0 && (!normalExit || silent)) {
    throw new ProbeToolError('failed', describeFailure(result));
  }
  const outcome = new Map<string, { reachable: boolean; detail: string }>();
  for (const address of addresses) {
    const verdict = verdicts.get(address);
    const complaint = errors.get(address);
    const error = complaint === undefined ? undefined : toolOutputExcerpt(complaint, 1, 120);
    if (verdict === 'alive') outcome.set(address, { reachable: true, detail: 'alive' });
    else if (verdict === 'unreachable') outcome.set(address, { reachable: false, detail: error ? `unreachable (${error})` : 'no reply' });
    else outcome.set(address, { reachable: false, detail: result.timedOut ? 'no verdict before the probe deadline' : `not reported by fping${error ? ` (${error})` : ''}` });
  }
  return outcome;
}

async function probeWithPing(settings: ProbeSettings, family: AddressFamily, address: string, transcript: string[]): Promise<{ reachable: boolean; detail: string }> {
  const run = settings.run ?? runCommand;
  const args = pingArguments({ family, attempts: settings.attempts, timeoutSeconds: settings.timeoutSeconds, options: settings.options, address });
  const result = await run(settings.command, args, commandOptions(settings, 1));
  transcript.push(transcriptEntry(result));
  if (result.startError !== undefined) throw startFailure(settings, result);
  const summary = parsePingSummary(result.stdout);
  if (summary !== undefined) {
    return summary.received > 0
      ? { reachable: true, detail: 'alive' }
      : { reachable: false, detail: `no reply to ${summary.transmitted} echo request(s)${result.stderr.trim() ? ` (${firstLine(result.stderr)})` : ''}` };
  }
  if (result.timedOut) return { reachable: false, detail: 'no verdict before the probe deadline' };
  const complaint = firstLine(result.stderr);
  if (PING_USAGE_ERROR.test(result.stderr)) throw new ProbeToolError('failed', describeFailure(result));
  return { reachable: false, detail: complaint || describeFailure(result) };
}

/** Run `tasks` with at most `limit` in flight, keeping their order in the result. */
async function runLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

export async function probeHosts(hosts: readonly ResolvedHost[], settings: ProbeSettings): Promise<ProbeReport> {
  const transcript: string[] = [];
  const byAddress = new Map<string, { reachable: boolean; detail: string }>();
  const families = new Map<AddressFamily, string[]>();
  for (const host of hosts) {
    if (host.address === undefined) continue;
    const list = families.get(host.family) ?? [];
    if (!list.includes(host.address)) list.push(host.address);
    families.set(host.family, list);
  }

  if (settings.tool === 'fping') {
    const runs = [...families].map(async ([family, addresses]) => {
      const outcome = await probeWithFping(settings, family, addresses, transcript);
      for (const [address, verdict] of outcome) byAddress.set(address, verdict);
    });
    await Promise.all(runs);
  } else {
    const tasks = [...families].flatMap(([family, addresses]) => addresses.map((address) => async () => {
      byAddress.set(address, await probeWithPing(settings, family, address, transcript));
    }));
    await runLimited(tasks, settings.maxConcurrent ?? 64);
  }

  const results = hosts.map((host): HostProbeResult => {
    if (host.address === undefined) return { host: host.host, address: undefined, reachable: false, detail: `does not resolve: ${host.unresolved}` };
    const verdict = byAddress.get(host.address) ?? { reachable: false, detail: 'not probed' };
    return { host: host.host, address: host.address, ...verdict };
  });
  return { hosts: results, reachable: results.filter((result) => result.reachable).length, transcript };
}

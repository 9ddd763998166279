/**
 * Node attributes through attrd_updater (pacemaker-attrd), each call bounded by a deadline.
 * Failures are an AttrdError whose kind lets an agent pick its exit code: the tool is missing
 * (not installed), attrd cannot be reached (the cluster is not running here), or it refused.
 */
import { describeFailure, runCommand, type CommandOptions, type CommandResult } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

export type RunCommand = (command: string, args: readonly string[], options: CommandOptions) => Promise<CommandResult>;

export interface AttrdCall {
  readonly deadline: Deadline;
  readonly log?: { debug(message: string): void };
  /** Default: attrd_updater from PATH. */
  readonly command?: string;
  /** Another node's attribute (-N); default the local node. */
  readonly node?: string;
  /** For tests. */
  readonly run?: RunCommand;
}

export type AttrdErrorKind = 'missing' | 'unavailable' | 'timeout' | 'failed';

export class AttrdError extends Error {
  constructor(readonly kind: AttrdErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AttrdError';
  }
}

/** CRM_EX_USAGE, CRM_EX_NOSUCH, CRM_EX_NOT_CONNECTED (crm_exit_t). */
const EXIT_USAGE = 64;
const EXIT_NOSUCH = 105;
const EXIT_NOT_CONNECTED = 102;

/** A dampening for attrd_updater -d: whole seconds as "5s", anything else in milliseconds. */
export function formatDampen(milliseconds: number): string {
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
}

function classify(result: CommandResult, what: string): AttrdError {
  const detail = describeFailure(result);
  if (result.startError !== undefined) {
    return new AttrdError('missing', `${what}: attrd_updater cannot be run (${result.startError}); is pacemaker-cli-utils installed?`);
  }
  if (result.timedOut) return new AttrdError('timeout', `${what}: ${detail}`);
  if (result.exitCode === EXIT_NOT_CONNECTED || /could not connect|connection refused|not connected/i.test(result.stderr)) {
    return new AttrdError('unavailable', `${what}: pacemaker-attrd is not reachable, is the cluster running on this node? (${detail})`);
  }
  return new AttrdError('failed', `${what}: ${detail}`);
}

/**
 * Every name placed after -n (attribute) or -N (node): one that starts with "-" could be read by
 * attrd_updater as an option (a name "-D" deletes), so it is refused before anything runs.
 */
function refuseOptionLike(args: readonly string[]): void {
  args.forEach((arg, index) => {
    if (index > 0 && /^-[nN]$/.test(args[index - 1]) && arg.startsWith('-')) {
      throw new AttrdError('failed', `refusing to pass ${JSON.stringify(arg)} to attrd_updater ${args[index - 1]}: a value starting with "-" would be read as an option`);
    }
  });
}

async function attrd(args: readonly string[], call: AttrdCall): Promise<CommandResult> {
  const run = call.run ?? runCommand;
  refuseOptionLike(call.node === undefined ? args : [...args, '-N', call.node]);
  const withNode = call.node === undefined ? args : [...args, '-N', call.node];
  return run(call.command ?? 'attrd_updater', withNode, { deadline: call.deadline, log: call.log, killGraceMs: 200 });
}

export interface UpdateOptions {
  /** attrd_updater -d value, e.g. "5s"; undefined leaves attrd's dampening as it is. */
  readonly dampen?: string;
  /**
   * Also set the dampening (-B, value and delay together), as on start. A plain update (-U)
   * keeps the delay attrd already has: Pacemaker 2.1.5 ignores -d with -U.
   */
  readonly setDampen?: boolean;
}

/** Set this node's attribute `name` to `value`. */
export async function updateNodeAttribute(name: string, value: string, options: UpdateOptions, call: AttrdCall): Promise<void> {
  const what = `could not set node attribute ${name}=${value}`;
  const delay = options.dampen === undefined ? [] : ['-d', options.dampen];
  if (options.setDampen && options.dampen !== undefined) {
    const both = await attrd(['-n', name, '-B', value, ...delay], call);
    if (both.exitCode === 0) return;
    // An attrd_updater without -B (before Pacemaker 2.0.5) refuses it as a usage error: fall back to -U.
    const unsupported = both.exitCode === EXIT_USAGE && /unknown option|-B|update-both/i.test(both.stderr);
    if (!unsupported) throw classify(both, what);
    call.log?.debug('attrd_updater has no -B; setting the value with -U');
  }
  const update = await attrd(['-n', name, '-U', value, ...delay], call);
  if (update.exitCode !== 0) throw classify(update, what);
}

/**
 * Unset this node's attribute (-D). Pacemaker 2.1 has no real deletion: the value becomes
 * the empty string, which location rules read as "not defined".
 */
export async function deleteNodeAttribute(name: string, options: { readonly dampen?: string }, call: AttrdCall): Promise<void> {
  const delay = options.dampen === undefined ? [] : ['-d', options.dampen];
  const result = await attrd(['-D', '-n', name, ...delay], call);
  if (result.exitCode !== 0) throw classify(result, `could not remove node attribute ${name}`);
}

/**
 * This node's value of `name` as attrd holds it: undefined when attrd has no such attribute,
 * '' after a deletion.
 */
export async function queryNodeAttribute(name: string, call: AttrdCall): Promise<string | undefined> {
  const result = await attrd(['-Q', '-n', name], call);
  if (result.exitCode === EXIT_NOSUCH) return undefined;
  if (result.exitCode !== 0) throw classify(result, `could not read node attribute ${name}`);
  return parseAttrdQuery(result.stdout)[0]?.value;
}

export interface AttrdValue {
  readonly name: string;
  readonly host: string;
  readonly value: string;
}

/** `name="pingd" host="node1" value="100"` lines (attrd_updater -Q [-A]). */
export function parseAttrdQuery(stdout: string): AttrdValue[] {
  const values: AttrdValue[] = [];
  for (const line of stdout.split('\n')) {
    const match = /name="([^"]*)"\s+host="([^"]*)"\s+value="([^"]*)"/.exec(line);
    if (match) values.push({ name: match[1], host: match[2], value: match[3] });
  }
  return values;
}

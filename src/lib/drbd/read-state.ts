/**
 * Reading one DRBD resource's state on this node: `drbdsetup events2 --now RES` (DRBD 9),
 * and when drbdsetup does not know events2 (an 8.4 module), `drbdsetup sh-status RES`.
 * A failure or incomplete output is an error, never "down".
 */
import { describeFailure, type CommandResult } from '../exec/index.js';
import { DrbdOutputError, parseEvents2 } from './events2.js';
import { parseShStatus } from './sh-status.js';
import { deriveState, type DerivedState, type DrbdResourceState } from './status.js';

/** Runs drbdsetup with these arguments (with the caller's deadline). */
export type RunDrbdsetup = (args: readonly string[]) => Promise<CommandResult>;

/** drbdsetup's answer when the kernel module is not loaded (no generic netlink family). */
export function isNoModule(result: CommandResult): boolean {
  return /generic netlink family|Module drbd not found|No such file or directory.*drbd/i.test(result.stderr);
}

function isUnknownCommand(result: CommandResult): boolean {
  return /unknown command|invalid command|not supported/i.test(result.stderr) || /USAGE/i.test(result.stderr);
}

export type ReadState =
  | { readonly kind: 'state'; readonly state: DrbdResourceState; readonly derived: DerivedState }
  /** No DRBD kernel module: nothing can run. */
  | { readonly kind: 'no-module'; readonly detail: string }
  /** drbdsetup is not installed. */
  | { readonly kind: 'no-tools'; readonly detail: string };

/**
 * The resource's state: `drbdsetup events2 --now RES` (DRBD 9), and when drbdsetup
 * does not know events2 (an 8.4 module), `drbdsetup sh-status RES`. A failure or
 * incomplete output is an error, never "down".
 */
export async function readDrbdState(resource: string, drbdsetup: RunDrbdsetup): Promise<ReadState> {
  const events = await drbdsetup(['events2', '--now', resource]);
  if (events.startError !== undefined) return { kind: 'no-tools', detail: describeFailure(events) };
  if (events.exitCode === 0) return withDerived(parseOrThrow(() => parseEvents2(events.stdout, resource)));
  if (isNoModule(events)) return { kind: 'no-module', detail: describeFailure(events) };
  if (!events.timedOut && isUnknownCommand(events)) {
    const status = await drbdsetup(['sh-status', resource]);
    if (status.exitCode === 0) return withDerived(parseOrThrow(() => parseShStatus(status.stdout, resource)));
    if (isNoModule(status)) return { kind: 'no-module', detail: describeFailure(status) };
    if (status.exitCode === 10 && /No such resource|not.*exist/i.test(status.stderr)) {
      return withDerived(parseShStatus('_known=Unconfigured\n_sh_status_process\n', resource));
    }
    throw new StateReadError(`cannot read the state of DRBD resource ${resource}: ${describeFailure(status)}`);
  }
  throw new StateReadError(`cannot read the state of DRBD resource ${resource}: ${describeFailure(events)}`);
}

export class StateReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateReadError';
  }
}

function parseOrThrow(parse: () => DrbdResourceState): DrbdResourceState {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DrbdOutputError) throw new StateReadError(error.message);
    throw error;
  }
}

function withDerived(state: DrbdResourceState): ReadState {
  return { kind: 'state', state, derived: deriveState(state) };
}

/**
 * drbdadm and drbdsetup for one resource, each call bounded by the action's deadline,
 * with the configuration file and resource name validated before they reach argv.
 */
import { runCommand, type CommandResult } from '../../lib/exec/index.js';
import type { ActionContext, Deadline, Logger } from '../../lib/ocf/index.js';
import { readDrbdState, type ReadState } from '../../lib/drbd/read-state.js';
import type { DrbdParameters } from './parameters.js';

export type DrbdContext = ActionContext<DrbdParameters>;

/** The grammar ocf:linbit:drbd accepts for resource names and the config path. */
export const RESOURCE_NAME = /^[-%+./0-9:=@A-Z_a-z]+$/;

export interface Tools {
  readonly resource: string;
  readonly conf: string;
  readonly log: Logger;
  readonly deadline: Deadline;
  drbdadm(args: readonly string[], options?: { readonly deadline?: Deadline; readonly env?: Record<string, string> }): Promise<CommandResult>;
  drbdsetup(args: readonly string[], options?: { readonly deadline?: Deadline }): Promise<CommandResult>;
}

export function drbdTools(context: DrbdContext): Tools {
  const resource = context.params.drbd_resource;
  const conf = context.params.drbdconf;
  const log = context.log;
  return {
    resource,
    conf,
    log,
    deadline: context.deadline,
    drbdadm: (args, options) => runCommand('drbdadm', ['-c', conf, ...args], {
      deadline: options?.deadline ?? context.deadline, log, env: options?.env,
    }),
    drbdsetup: (args, options) => runCommand('drbdsetup', args, { deadline: options?.deadline ?? context.deadline, log }),
  };
}

export { isNoModule, StateReadError, type ReadState } from '../../lib/drbd/read-state.js';

/** The resource's state (see lib/drbd/read-state). */
export function readState(tools: Tools): Promise<ReadState> {
  return readDrbdState(tools.resource, (args) => tools.drbdsetup(args));
}

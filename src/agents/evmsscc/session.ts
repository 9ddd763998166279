/**
 * The configuration every action works from: the expected devices, the device root, the
 * activation record's file and this node's name, checked once.
 */
import { OcfError, OcfExit, type ActionContext } from '../../lib/ocf/index.js';
import { recordPath } from './activation-record.js';
import { parseDeviceList } from './devices.js';
import { TEST_DEVICE_ROOT_VARIABLE, deviceRoot, localNodeName } from './environment.js';
import { checkProgramValue } from './evms-activate.js';
import type { EvmsParameters } from './parameters.js';

export type EvmsContext = ActionContext<EvmsParameters>;

export interface EvmsSession {
  /** /dev/evms, or the test-only override. */
  readonly root: string;
  /** Names relative to the root that must exist; empty: any volume counts. */
  readonly expected: readonly string[];
  readonly recordFile: string;
  readonly node: string;
}

/**
 * Strict (start, validate-all): a bad `devices` or `evms_activate` value is a configuration
 * error (6). Tolerant (monitor, stop, notify): warn and carry on with what can be checked; a
 * notification must never fail a transition, nor a stop get the node fenced.
 */
export function openSession(context: EvmsContext, strict: boolean): EvmsSession {
  const { params, log, env } = context;
  const { root, overridden } = deviceRoot(env);
  if (overridden && (strict || context.action === 'notify')) {
    log.warn(`${TEST_DEVICE_ROOT_VARIABLE} is set: looking for the EVMS volumes under ${root} instead of /dev/evms (a test-only setting)`);
  }
  const devices = parseDeviceList(params.devices);
  let expected: readonly string[] = [];
  if (devices.ok) {
    expected = devices.names;
  } else if (strict) {
    throw new OcfError(OcfExit.ErrConfigured, `parameter "devices": ${devices.problem}`);
  } else {
    log.warn(`parameter "devices": ${devices.problem}; ${context.action} checks for any volume under ${root} instead`);
  }
  const programProblem = checkProgramValue(params.evms_activate);
  if (programProblem !== undefined && strict) throw new OcfError(OcfExit.ErrConfigured, programProblem);
  return { root, expected, recordFile: recordPath(env, context.instance), node: localNodeName(context.meta, env) };
}

/** The deprecation warning of ocf:heartbeat:EvmsSCC, unless ignore_deprecation is set. */
export function warnDeprecated(context: EvmsContext): void {
  if (context.params.ignore_deprecation) return;
  context.log.warn('EVMS is no longer maintained and this agent may be removed in a future release; '
    + 'to suppress this warning, set the "ignore_deprecation" resource parameter to true');
}

/** "a, b and c" for messages. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')} and ${items[items.length - 1]}`;
}

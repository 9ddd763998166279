/**
 * monitor: 7 down (or no DRBD module on this node), 0 Secondary, 8 Primary, 9 Primary
 * without access to UpToDate data; the promotion score follows the state.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { describeState } from '../../lib/drbd/status.js';
import { drbdTools, readState, StateReadError, type DrbdContext, type ReadState } from './drbd-tools.js';
import { removeScore, updatePromotionScore } from './score.js';
import { checkNames } from './validate.js';

/** readState with its failures turned into OCF errors. */
export async function currentState(context: DrbdContext, tools = drbdTools(context)): Promise<ReadState> {
  try {
    return await readState(tools);
  } catch (error) {
    if (error instanceof StateReadError) throw new OcfError(OcfExit.ErrGeneric, error.message);
    throw error;
  }
}

export async function monitor(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: false });
  const tools = drbdTools(context);
  const read = await currentState(context, tools);
  if (read.kind === 'no-tools') {
    if (context.isProbe) return OcfExit.NotRunning;
    throw new OcfError(OcfExit.ErrInstalled, `Setup problem: drbdsetup cannot be run (${read.detail}); is drbd-utils installed?`);
  }
  if (read.kind === 'no-module') {
    context.log.debug(`no DRBD kernel module loaded: ${read.detail}`);
    return OcfExit.NotRunning;
  }
  const { state, derived } = read;
  context.log.debug(`${tools.resource}: ${describeState(state)}`);
  if (derived.unconfigured) {
    if (!context.isProbe) await removeScore(context, 'not running');
    return OcfExit.NotRunning;
  }
  await updatePromotionScore(context, tools, derived);
  if (!derived.primary) return OcfExit.Success;
  if (derived.noAccessToUpToDateData) {
    context.log.exitReason(`${tools.resource} is Primary without access to UpToDate data (${describeState(state)})`);
    return OcfExit.FailedPromoted;
  }
  return OcfExit.RunningPromoted;
}

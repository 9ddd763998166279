/**
 * reload: apply a changed DRBD configuration to a running resource (drbdadm adjust) and
 * refresh the promotion score; on a stopped resource there is nothing to apply.
 */
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { drbdTools, type DrbdContext } from './drbd-tools.js';
import { currentState } from './monitor.js';
import { updatePromotionScore } from './score.js';
import { checkNames, validateAll } from './validate.js';

export async function reload(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: true });
  const tools = drbdTools(context);
  const read = await currentState(context, tools);
  if (read.kind !== 'state' || read.derived.unconfigured) return OcfExit.Success;
  const result = await tools.drbdadm(['adjust', tools.resource], { deadline: context.deadline.sub(30_000, 1_500) });
  if (result.exitCode !== 0) throw new OcfError(OcfExit.ErrGeneric, `could not apply the DRBD configuration: ${describeFailure(result)}`);
  const after = await currentState(context, tools);
  if (after.kind === 'state') await updatePromotionScore(context, tools, after.derived);
  return OcfExit.Success;
}

export async function validate(context: DrbdContext): Promise<void> {
  await validateAll(context, drbdTools(context));
}

/**
 * promote: drbdadm primary, retried within the promote timeout while the refusal may pass
 * (the peer still Primary without allow-two-primaries, a state change in progress);
 * never retried when DRBD has no access to UpToDate data (exit 17).
 */
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { describeState } from '../../lib/drbd/status.js';
import { drbdTools, type DrbdContext } from './drbd-tools.js';
import { currentState } from './monitor.js';
import { peerPrimaryUnknownToPacemaker, removeScore, updatePromotionScore } from './score.js';
import { checkCloneMeta, checkNames, checkTwoPrimaries } from './validate.js';

/** drbdsetup's exit code for SS_NO_UP_TO_DATE_DISK. */
const EXIT_NO_UP_TO_DATE_DATA = 17;

export async function promote(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: false });
  const tools = drbdTools(context);
  const first = await currentState(context, tools);
  // the clone-max rule depends on the DRBD version: events2 answers only on DRBD 9
  checkCloneMeta(context, first.kind === 'state' ? first.state.source === 'events2' : undefined);
  await checkTwoPrimaries(context, tools);
  let lastFailure = '';
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && !await context.deadline.sleep(1000)) break;
    // an attempt needs time to read the state and ask DRBD, and 3 s stay for the answer
    if (context.deadline.remainingMs() < (attempt > 0 ? 5_000 : 3_000)) break;
    const read = await currentState(context, tools);
    if (read.kind !== 'state' || read.derived.unconfigured) {
      throw new OcfError(OcfExit.ErrGeneric, `cannot promote ${tools.resource}: it was not started`);
    }
    if (read.derived.primary) {
      if (context.params.connect_only_after_promote) {
        const adjust = await tools.drbdadm(['-v', 'adjust', tools.resource], { deadline: context.deadline.sub(30_000, 1_000) });
        if (adjust.exitCode !== 0) context.log.warn(`connecting after promote failed: ${describeFailure(adjust)}`);
      }
      await updatePromotionScore(context, tools, read.derived);
      return OcfExit.Success;
    }
    if (attempt > 0 && context.params.fail_promote_early_if_peer_primary && await peerPrimaryUnknownToPacemaker(context, read.derived)) {
      await removeScore(context, 'peer node already Primary');
      throw new OcfError(OcfExit.ErrGeneric, `Peer node already/still Primary: ${lastFailure}`);
    }
    const result = await tools.drbdadm(['primary', tools.resource], { deadline: context.deadline.sub(30_000, 3_000) });
    if (result.exitCode === 0) continue;
    // an attempt cut short by the timeout says less than the refusal before it
    if (!(result.timedOut && lastFailure !== '')) lastFailure = describeFailure(result);
    if (result.exitCode === EXIT_NO_UP_TO_DATE_DATA) {
      throw new OcfError(OcfExit.ErrGeneric,
        `Refusing to be promoted to Primary without access to UpToDate data (${describeState(read.state)})`);
    }
    context.log.info(`promotion of ${tools.resource} refused, retrying: ${lastFailure}`);
  }
  throw new OcfError(OcfExit.ErrGeneric, `could not promote ${tools.resource} within the promote timeout: ${lastFailure || 'no answer'}`);
}

export async function demote(context: DrbdContext): Promise<OcfExit> {
  checkNames(context, { needReadableConf: false });
  const tools = drbdTools(context);
  let lastFailure = '';
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && !await context.deadline.sleep(1000)) break;
    if (context.deadline.remainingMs() < 3_000) break;
    const read = await currentState(context, tools);
    if (read.kind !== 'state' || read.derived.unconfigured) {
      throw new OcfError(OcfExit.ErrGeneric, `cannot demote ${tools.resource}: it is not started`);
    }
    // the score is left to the next monitor and the post-demote notification, as the reference does
    if (!read.derived.primary) return OcfExit.Success;
    const result = await tools.drbdadm(['secondary', tools.resource], { deadline: context.deadline.sub(30_000, 3_000) });
    if (result.exitCode !== 0) {
      lastFailure = describeFailure(result);
      context.log.info(`demotion of ${tools.resource} refused, retrying: ${lastFailure}`);
    }
  }
  throw new OcfError(OcfExit.ErrGeneric, `${tools.resource} is still Primary after the demote timeout${lastFailure ? `: ${lastFailure}` : ''}`);
}

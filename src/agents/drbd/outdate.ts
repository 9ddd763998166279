/**
 * stop_outdates_secondary: when this node stops (or loses its peer) while Pacemaker
 * reports a Primary elsewhere, mark the local data Outdated so it is never promoted.
 */
import { hostname } from 'node:os';
import type { DerivedState } from '../../lib/drbd/status.js';
import type { DrbdContext, Tools } from './drbd-tools.js';
import { removeScore } from './score.js';

export async function maybeOutdateSelf(context: DrbdContext, tools: Tools, state: DerivedState | undefined): Promise<void> {
  if (!context.params.stop_outdates_secondary) return;
  const notify = context.meta.notify;
  if (!notify) return;
  const me = hostname().toLowerCase();
  const primaryHost = notify.promotedUnames.find((node) => node.toLowerCase() !== me);
  if (primaryHost === undefined) return;
  if (notify.stopUnames.some((node) => node.toLowerCase() === primaryHost.toLowerCase())) return;
  if (state?.primary) {
    context.log.crit(`resource internal SPLIT BRAIN: both ${hostname()} and ${primaryHost} are Primary for ${tools.resource}, but the replication link is down!`);
    return;
  }
  context.log.info(`outdating ${tools.resource}: ${primaryHost} is still Primary`);
  const result = await tools.drbdadm(['outdate', tools.resource], { deadline: context.deadline.sub(10_000, 1_000) });
  if (result.exitCode !== 0) context.log.warn(`drbdadm outdate ${tools.resource} failed (exit ${result.exitCode ?? result.signal ?? 'none'})`);
  await removeScore(context, 'outdated');
}

/**
 * notify (always 0; problems are logged): before and after a start anywhere, re-adjust
 * the connection so that it reaches the peer that is coming up; after any operation,
 * refresh the promotion score and, when the peer's disk is unknown, consider
 * stop_outdates_secondary.
 */
import { hostname } from 'node:os';
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { drbdTools, type DrbdContext } from './drbd-tools.js';
import { currentState } from './monitor.js';
import { maybeOutdateSelf } from './outdate.js';
import { updatePromotionScore } from './score.js';
import { checkNames } from './validate.js';

function peerName(context: DrbdContext): string | undefined {
  const notify = context.meta.notify;
  if (!notify) return undefined;
  const me = hostname().toLowerCase();
  return [...notify.startUnames, ...notify.promoteUnames, ...notify.promotedUnames, ...notify.unpromotedUnames, ...notify.demoteUnames]
    .find((node) => node.toLowerCase() !== me);
}

export async function notify(context: DrbdContext): Promise<OcfExit> {
  try {
    checkNames(context, { needReadableConf: false });
    const tools = drbdTools(context);
    const type = context.meta.notify?.type;
    const operation = context.meta.notify?.operation;
    if (operation === 'start' && !context.params.connect_only_after_promote) {
      const read = await currentState(context, tools);
      if (read.kind === 'state' && !read.derived.unconfigured) {
        // --peer exists only in the 8.4 drbdadm; DRBD 9 finds its peers itself
        const peer = read.state.source === 'sh-status' ? peerName(context) : undefined;
        const args = peer !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(peer) ? ['--peer', peer, '-v', 'adjust', tools.resource] : ['-v', 'adjust', tools.resource];
        const result = await tools.drbdadm(args, { deadline: context.deadline.sub(30_000, 1_000) });
        if (result.exitCode !== 0) context.log.warn(`notify ${type}-${operation}: ${describeFailure(result)}`);
      }
    }
    if (type === 'post') {
      const read = await currentState(context, tools);
      if (read.kind === 'state' && !read.derived.unconfigured) {
        await updatePromotionScore(context, tools, read.derived);
        if (read.derived.peerDiskAnyUnknown) await maybeOutdateSelf(context, tools, read.derived);
      }
    }
  } catch (error) {
    context.log.warn(`notify: ${error instanceof OcfError ? error.reason : error instanceof Error ? error.message : String(error)}`);
  }
  return OcfExit.Success;
}

/**
 * Keeping this node's promotion score in line with the DRBD state: the reference's rules
 * (lib/drbd/promotion-score), written with crm_attribute --promotion and only when the
 * value changes. A failure to read or write the score is logged, never fatal: the
 * resource's state is what the action reports.
 */
import { hostname } from 'node:os';
import { runCommand } from '../../lib/exec/index.js';
import { parsePromotedNodes } from '../../lib/cluster/resource-role.js';
import {
  PromotionScoreError, queryPromotionScore, removePromotionScore, setPromotionScore, type PromotionCall,
} from '../../lib/cluster/promotion-score.js';
import { DEFAULT_SCORE_LEVELS, decidePromotionScore, parseScoreLevels, type ScoreLevels } from '../../lib/drbd/promotion-score.js';
import { ocfIsTrue } from '../../lib/ocf/index.js';
import type { DerivedState } from '../../lib/drbd/status.js';
import type { DrbdContext, Tools } from './drbd-tools.js';

export function scoreLevels(context: DrbdContext): ScoreLevels {
  const levels = parseScoreLevels(context.params.adjust_master_score);
  if (levels) return levels;
  context.log.err(`adjust_master_score "${context.params.adjust_master_score}" is not four non-decreasing numbers; using "0 10 1000 10000"`);
  return DEFAULT_SCORE_LEVELS;
}

function promotionCall(context: DrbdContext): PromotionCall {
  return { deadline: context.deadline.sub(10_000), instance: context.instance, log: context.log };
}

/** The clone's instance-less id, for crm_resource. */
function cloneResourceId(instance: string): string {
  return instance.replace(/:\d+$/, '');
}

/**
 * The "unexpected primary": I am Secondary, a peer is Primary, and Pacemaker knows of no
 * promoted instance elsewhere (crm_resource --locate, "Promoted" or "Master").
 * Only meaningful with promoted-max 1.
 */
export async function peerPrimaryUnknownToPacemaker(context: DrbdContext, state: DerivedState): Promise<boolean> {
  if (state.primary || !state.somePeerPrimary) return false;
  if ((context.meta.clone?.promotedMax ?? 1) !== 1) return false;
  const result = await runCommand('crm_resource', ['--resource', cloneResourceId(context.instance), '--locate'], {
    deadline: context.deadline.sub(5_000), log: context.log,
  });
  if (result.exitCode !== 0) return false;
  const me = hostname();
  return parsePromotedNodes(result.stdout).filter((node) => node.toLowerCase() !== me.toLowerCase()).length === 0;
}

export async function updatePromotionScore(context: DrbdContext, tools: Tools, state: DerivedState): Promise<void> {
  const removeSetting = context.params.remove_master_score_if_peer_primary;
  const unexpected = removeSetting === 'unexpected' && await peerPrimaryUnknownToPacemaker(context, state);
  if (unexpected) context.log.info('I am connected to a Primary that Pacemaker does not know about! Removing the promotion score.');
  const decision = decidePromotionScore({
    state,
    levels: scoreLevels(context),
    removeIfPeerPrimary: ocfIsTrue(removeSetting),
    unexpectedPeerPrimary: unexpected,
  });
  if (decision.kind === 'set' && decision.value > 0 && state.primary && state.diskAllUpToDate
    && state.peerDisksAllUpToDate && context.params.unfence_if_all_uptodate) {
    await unfencePeer(context, tools);
  }
  try {
    await applyScore(context, decision.kind === 'keep' ? undefined : decision.kind === 'set' ? decision.value : null, decision.why);
  } catch (error) {
    if (!(error instanceof PromotionScoreError)) throw error;
    context.log.warn(error.message);
  }
}

/** value: a score to set, null to remove, undefined to keep. Writes only on change. */
async function applyScore(context: DrbdContext, value: number | null | undefined, why: string): Promise<void> {
  if (value === undefined) return;
  const call = promotionCall(context);
  const current = await queryPromotionScore(call);
  if (value === null) {
    if (current === undefined) return;
    context.log.info(`removing the promotion score (${why})`);
    await removePromotionScore(call);
    return;
  }
  if (current === value) return;
  context.log.info(`setting the promotion score to ${value} (${why})`);
  await setPromotionScore(value, call);
}

export async function removeScore(context: DrbdContext, why: string): Promise<void> {
  try {
    await applyScore(context, null, why);
  } catch (error) {
    if (!(error instanceof PromotionScoreError)) throw error;
    context.log.warn(error.message);
  }
}

async function unfencePeer(context: DrbdContext, tools: Tools): Promise<void> {
  const result = await tools.drbdadm(['unfence-peer', tools.resource], {
    deadline: context.deadline.sub(30_000, 2_000),
    env: { OCF_RESKEY_unfence_extra_args: context.params.unfence_extra_args },
  });
  if (result.exitCode !== 0) context.log.warn(`drbdadm unfence-peer ${tools.resource} failed (exit ${result.exitCode ?? result.signal ?? 'none'})`);
}

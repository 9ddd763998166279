/**
 * The promotion ("master") score of a DRBD resource on this node, by the rules of
 * ocf:linbit:drbd's drbd_update_master_score, evaluated in the same order.
 */
import type { DerivedState } from './status.js';

/** adjust_master_score: the scores for only-consistent, only-remote, local-ok, as-good-as-it-gets. */
export interface ScoreLevels {
  readonly onlyConsistent: number;
  readonly onlyRemote: number;
  readonly localOk: number;
  readonly best: number;
}

export const DEFAULT_SCORE_LEVELS: ScoreLevels = { onlyConsistent: 0, onlyRemote: 10, localOk: 1000, best: 10000 };

/**
 * "0 10 1000 10000": four non-decreasing non-negative integers; anything else is
 * undefined (the agent then uses the defaults and says so, as the reference does).
 */
export function parseScoreLevels(text: string): ScoreLevels | undefined {
  const words = text.trim().split(/\s+/);
  if (words.length !== 4 || !words.every((word) => /^\d{1,9}$/.test(word))) return undefined;
  const [c, r, l, g] = words.map(Number);
  if (!(c <= r && r <= l && l <= g)) return undefined;
  return { onlyConsistent: c, onlyRemote: r, localOk: l, best: g };
}

export type ScoreDecision =
  | { readonly kind: 'set'; readonly value: number; readonly why: string }
  | { readonly kind: 'remove'; readonly why: string }
  | { readonly kind: 'keep'; readonly why: string };

export interface ScoreInputs {
  readonly state: DerivedState;
  readonly levels: ScoreLevels;
  /** remove_master_score_if_peer_primary is true. */
  readonly removeIfPeerPrimary: boolean;
  /** remove_master_score_if_peer_primary=unexpected and the peer Primary is unknown to Pacemaker. */
  readonly unexpectedPeerPrimary: boolean;
}

function setOrRemove(value: number, why: string): ScoreDecision {
  // As the reference: a score of 0 or less is removed rather than written.
  return value > 0 ? { kind: 'set', value, why } : { kind: 'remove', why };
}

export function decidePromotionScore(inputs: ScoreInputs): ScoreDecision {
  const { state, levels } = inputs;
  if (state.unconfigured) return { kind: 'remove', why: 'not configured' };
  if (!state.haveQuorum) return { kind: 'remove', why: 'no quorum' };
  if ((inputs.removeIfPeerPrimary || inputs.unexpectedPeerPrimary)
    && state.somePeerPrimary && state.somePeerAllUpToDate && !state.primary) {
    return { kind: 'remove', why: inputs.unexpectedPeerPrimary ? 'connected to a Primary that Pacemaker does not know about' : 'a peer is Primary' };
  }
  if (state.disklessClient) {
    if (state.primary && state.somePeerAllUpToDate) return setOrRemove(levels.best - 1, 'diskless Primary with an UpToDate peer');
    if (state.peerDisksAllUpToDate) return setOrRemove(levels.best - 1, 'diskless client, all peers UpToDate');
    if (state.somePeerAllUpToDate) return setOrRemove(levels.localOk - 1, 'diskless client, some peer UpToDate');
    return { kind: 'remove', why: 'diskless client without UpToDate peers' };
  }
  if (state.diskAllUpToDate) {
    if (state.primary) return setOrRemove(levels.best, 'Primary with UpToDate data');
    if (state.peerDiskAnyUnknown) return setOrRemove(levels.localOk, 'UpToDate, peer disk state unknown');
    return setOrRemove(levels.best, 'UpToDate');
  }
  if (state.somePeerAllUpToDate) return setOrRemove(levels.onlyRemote, 'only a peer has UpToDate data');
  if (state.diskTransitional) return { kind: 'keep', why: 'disk state in transition' };
  if (state.diskAllConsistent) return setOrRemove(levels.onlyConsistent, 'Consistent data only');
  return { kind: 'remove', why: 'no usable data' };
}

/**
 * Waiting on the cluster: refusing to act while a transition runs (a change made then would
 * race with what the cluster is doing), and polling the status until an outcome, bounded by
 * the command's --timeout.
 */
import { IDLE_STATE, readControllerState } from '../../lib/cluster/controller-state.js';
import type { ClusterStatus } from '../../lib/cluster/cluster-status.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { AdminError, AdminExit } from './exit-codes.js';
import type { Progress } from './progress.js';
import { asAdminError, pacemakerCall, readStatus, type Session } from './session.js';

const POLL_MS = 1000;

/** Pacemaker's role names for a resource in the middle of an action. */
const TRANSIENT_ROLES = new Set(['Starting', 'Stopping', 'Migrating', 'Promoting', 'Demoting']);

/**
 * Wait (at most `settleMs`) until the DC is idle; a cluster still busy after that is a conflict.
 * Nothing to wait for with CIB_file.
 */
export async function ensureClusterIdle(session: Session, settleMs: number, progress: Progress): Promise<void> {
  if (session.cibFile !== undefined) return;
  const settle = session.deadline.sub(settleMs);
  let last = '';
  const idle = await settle.pollUntil(async () => {
    const status = await readStatus(session);
    if (status.dc === undefined) {
      throw new AdminError(AdminExit.ClusterUnavailable, 'the cluster has no DC (no quorum yet, or it is starting): try again when crm_mon shows a DC');
    }
    try {
      last = await readControllerState(status.dc, pacemakerCall(session, 10_000));
    } catch (error) {
      throw asAdminError(error);
    }
    if (last === IDLE_STATE) return true;
    progress.update(`waiting for the cluster to finish its current transition (DC ${status.dc}: ${last})`);
    return undefined;
  }, POLL_MS);
  progress.clear();
  if (idle === undefined) {
    throw new AdminError(AdminExit.Busy,
      `the cluster is busy with a transition (DC state ${last}) that did not end within ${Math.round(settleMs / 1000)} s; `
      + 'acting now would race with it: try again when crm_mon shows no pending action, or raise --settle');
  }
}

/** A guest in the middle of an action, described; undefined when it is not. */
export function guestActionInProgress(status: ClusterStatus, guest: string): string | undefined {
  const resource = status.resources.find((candidate) => candidate.id === guest);
  if (resource === undefined) return undefined;
  if (resource.pending) return `${guest} is ${resource.pending.toLowerCase()}`;
  if (TRANSIENT_ROLES.has(resource.role)) return `${guest} is ${resource.role.toLowerCase()}`;
  return undefined;
}

export type WaitStep<T> = { readonly done: T } | { readonly progress: string } | { readonly failed: string };

/**
 * Poll the cluster status until `step` says done or failed, or the deadline passes (then the
 * last progress text says where it stood).
 */
export async function waitForOutcome<T>(
  session: Session, deadline: Deadline, progress: Progress, what: string,
  step: (status: ClusterStatus) => WaitStep<T>,
): Promise<T> {
  let last = '';
  const outcome = await deadline.pollUntil(async (): Promise<{ value: T } | undefined> => {
    const status = await readStatus(session);
    const result = step(status);
    if ('done' in result) return { value: result.done };
    if ('failed' in result) {
      progress.clear();
      throw new AdminError(AdminExit.Failed, result.failed);
    }
    last = result.progress;
    progress.update(result.progress);
    return undefined;
  }, POLL_MS);
  progress.clear();
  if (outcome === undefined) {
    throw new AdminError(AdminExit.Failed,
      `${what} did not complete within ${Math.round(deadline.budgetMs / 1000)} s${last ? ` (last seen: ${last})` : ''}; the cluster keeps working on it: see crm_mon`);
  }
  return outcome.value;
}

/**
 * `xenha migrate GUEST [NODE]`: crm_resource --move (a cli-prefer constraint toward NODE, or a
 * cli-ban from where it runs), wait until the cluster runs it on the target, then remove that
 * constraint so that nothing interim stays in the CIB (resource-stickiness keeps it there).
 * Pacemaker migrates live when the resource allows it (allow-migrate); the outcome says whether
 * it did (a migrate_from on the target) or stopped and started the guest.
 */
import type { ClusterStatus } from '../../lib/cluster/cluster-status.js';
import { clearResourceConstraints, moveResource } from '../../lib/cluster/resource-commands.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { ensureClusterIdle, guestActionInProgress, waitForOutcome, type WaitStep } from './cluster-activity.js';
import { AdminError, AdminExit } from './exit-codes.js';
import { Progress } from './progress.js';
import { asAdminError, pacemakerCall, readSnapshot, readStatus, requireGuest, requireNode, type Session } from './session.js';

export interface MigrateOptions {
  readonly wait: boolean;
  readonly settleMs: number;
  /** Leave the cli-prefer / cli-ban constraint in place after the move. */
  readonly keepConstraint: boolean;
}

function migrationCalls(status: ClusterStatus, guest: string, node: string): number[] {
  return status.history
    .filter((record) => record.resource === guest && record.node === node && record.task === 'migrate_from' && record.call !== undefined)
    .map((record) => record.call as number);
}

function arrivalStep(guest: string, from: string, to: string | undefined) {
  return (status: ClusterStatus): WaitStep<string> => {
    const resource = status.resources.find((candidate) => candidate.id === guest);
    if (resource === undefined) return { failed: `${guest} disappeared from the cluster status` };
    const arrived = resource.nodes.length === 1 && resource.nodes[0] !== from && (to === undefined || resource.nodes[0] === to);
    if (arrived && resource.role === 'Started' && !resource.pending) return { done: resource.nodes[0] };
    if (resource.blocked) return { failed: `${guest} is blocked: see crm_mon and "xenha list"` };
    const where = resource.nodes.length > 0 ? resource.nodes.join(' + ') : 'nowhere';
    const phase = resource.pending ?? (resource.role === 'Started' ? 'running' : resource.role.toLowerCase());
    return { progress: `${guest}: ${from} -> ${to ?? 'another node'}: ${phase} on ${where}` };
  };
}

export async function migrateGuest(session: Session, id: string, target: string | undefined, options: MigrateOptions, deadline: Deadline): Promise<void> {
  const progress = new Progress(session.out, session.interactive);
  const snapshot = await readSnapshot(session);
  const guest = requireGuest(snapshot, id);
  if (target !== undefined) requireNode(snapshot, target);
  if (guest.nodes.length !== 1 || guest.role !== 'Started') {
    throw new AdminError(AdminExit.Failed, guest.nodes.length > 1
      ? `${id} is active on ${guest.nodes.join(' and ')}: not migrating a guest that runs twice (see "xenha check")`
      : `${id} is not running (${guest.role}): nothing to migrate; "xenha start ${id}" starts it`);
  }
  const from = guest.nodes[0];
  if (target === from) {
    session.out(`${id}: already running on ${from}\n`);
    return;
  }
  if (target !== undefined) {
    const node = snapshot.status.nodes.find((candidate) => candidate.name === target);
    if (node && (!node.online || node.standby || node.maintenance)) {
      throw new AdminError(AdminExit.Failed, `${target} cannot take ${id}: it is ${!node.online ? 'offline' : node.standby ? 'in standby' : 'in maintenance'}`);
    }
  }
  if (session.cibFile === undefined) {
    const busy = guestActionInProgress(snapshot.status, id);
    if (busy) throw new AdminError(AdminExit.Busy, `${busy}: wait until that ends (see crm_mon)`);
    await ensureClusterIdle(session, options.settleMs, progress);
  }
  const before = target === undefined ? [] : migrationCalls(snapshot.status, id, target);
  try {
    await moveResource(id, target, pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
  if (session.cibFile !== undefined || !options.wait) {
    session.out(`${id}: move to ${target ?? 'another node'} requested (constraint ${target ? `cli-prefer-${id}` : `cli-ban-${id}-on-${from}`}); "xenha clear ${id}" removes it once it has moved\n`);
    return;
  }
  session.out(`${id}: ${guest.allowMigrate ? 'live migration' : 'move (stop, then start: allow-migrate is not set)'} ${from} -> ${target ?? 'another node'}\n`);
  const arrived = await waitForOutcome(session, deadline, progress, `moving ${id}`, arrivalStep(id, from, target));
  const after = await readStatus(session);
  const live = migrationCalls(after, id, arrived).some((call) => !before.includes(call));
  session.out(`${id}: running on ${arrived} (${live ? 'migrated live' : 'stopped and started'})\n`);
  if (options.keepConstraint) {
    session.out(`${id}: move constraint kept; "xenha clear ${id}" removes it\n`);
    return;
  }
  try {
    await clearResourceConstraints(id, pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
  // Without the constraint, the cluster may place it again: confirm that it stays.
  const settleMs = Math.max(options.settleMs, 30_000);
  try {
    await ensureClusterIdle(session, settleMs, progress);
  } catch (error) {
    if (!(error instanceof AdminError) || error.code !== AdminExit.Busy) throw error;
    throw new AdminError(AdminExit.Failed,
      `${id} moved to ${arrived} and its move constraint was removed, but the cluster was still busy ${Math.round(settleMs / 1000)} s later, `
      + 'so it is not confirmed that the guest stays there: see "xenha list"', { cause: error });
  }
  const settled = (await readStatus(session)).resources.find((resource) => resource.id === id);
  if (settled === undefined || settled.nodes.length !== 1 || settled.nodes[0] !== arrived) {
    throw new AdminError(AdminExit.Failed,
      `${id} moved to ${arrived}, but after its move constraint was removed the cluster placed it on ${settled?.nodes.join(',') || 'no node'}: `
      + 'give the guests resource-stickiness (crm_attribute --type rsc_defaults --name resource-stickiness --update 100) or use --keep-constraint');
  }
  session.out(`${id}: move constraint removed, stays on ${arrived}\n`);
}

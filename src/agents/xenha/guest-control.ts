/**
 * `xenha start|stop|restart GUEST`: through the resource's target-role, never the toolstack.
 * stop sets target-role=Stopped (the admin's decision, which stays until start); start removes
 * target-role (Pacemaker's default is Started, so nothing interim is left behind). Each waits
 * until the cluster reports the outcome.
 */
import type { ClusterStatus } from '../../lib/cluster/cluster-status.js';
import { deleteResourceMeta, setResourceMeta } from '../../lib/cluster/resource-commands.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { ensureClusterIdle, guestActionInProgress, waitForOutcome, type WaitStep } from './cluster-activity.js';
import { AdminError, AdminExit } from './exit-codes.js';
import type { Guest } from './guests.js';
import { Progress } from './progress.js';
import { asAdminError, pacemakerCall, readSnapshot, requireGuest, type Session } from './session.js';

export interface ControlOptions {
  readonly wait: boolean;
  readonly settleMs: number;
}

function failureText(status: ClusterStatus, guest: string, task: string): string {
  const failures = status.failures.filter((failure) => failure.resource === guest && failure.task === task);
  return failures.map((failure) => `${task} failed on ${failure.node}${failure.exitReason ? `: ${failure.exitReason}` : ''}`).join('; ');
}

function startStep(guest: string) {
  return (status: ClusterStatus): WaitStep<string> => {
    const resource = status.resources.find((candidate) => candidate.id === guest);
    if (resource === undefined) return { failed: `${guest} disappeared from the cluster status` };
    if (resource.active && resource.role === 'Started' && resource.nodes.length === 1 && !resource.pending) return { done: resource.nodes[0] };
    if (resource.nodes.length > 1) return { failed: `${guest} is active on ${resource.nodes.join(' and ')} at once: see crm_mon` };
    if (resource.blocked) return { failed: `${guest} is blocked: ${failureText(status, guest, 'start') || 'see crm_mon'}` };
    const failed = failureText(status, guest, 'start');
    return { progress: `${guest}: starting${failed ? ` (${failed})` : ''}` };
  };
}

function stopStep(guest: string) {
  return (status: ClusterStatus): WaitStep<true> => {
    const resource = status.resources.find((candidate) => candidate.id === guest);
    if (resource === undefined) return { failed: `${guest} disappeared from the cluster status` };
    if (!resource.active && resource.role === 'Stopped' && resource.nodes.length === 0) return { done: true };
    if (resource.blocked) return { failed: `${guest} is blocked: ${failureText(status, guest, 'stop') || 'see crm_mon'}` };
    return { progress: `${guest}: stopping on ${resource.nodes.join(',') || '?'}` };
  };
}

async function prepare(session: Session, id: string, options: ControlOptions, progress: Progress): Promise<Guest> {
  const snapshot = await readSnapshot(session);
  const guest = requireGuest(snapshot, id);
  if (session.cibFile !== undefined) return guest;
  const busy = guestActionInProgress(snapshot.status, id);
  if (busy) throw new AdminError(AdminExit.Busy, `${busy}: wait until that ends (see crm_mon)`);
  await ensureClusterIdle(session, options.settleMs, progress);
  return guest;
}

async function requestStart(session: Session, guest: Guest): Promise<void> {
  try {
    await deleteResourceMeta(guest.id, 'target-role', pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
}

async function requestStop(session: Session, guest: Guest): Promise<void> {
  try {
    await setResourceMeta(guest.id, 'target-role', 'Stopped', pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
}

export async function startGuest(session: Session, id: string, options: ControlOptions, deadline: Deadline): Promise<void> {
  const progress = new Progress(session.out, session.interactive);
  const guest = await prepare(session, id, options, progress);
  await requestStart(session, guest);
  if (session.cibFile !== undefined || !options.wait) {
    session.out(`${id}: target-role removed (Pacemaker's default: started)\n`);
    return;
  }
  const node = await waitForOutcome(session, deadline, progress, `starting ${id}`, startStep(id));
  session.out(`${id}: running on ${node}\n`);
}

export async function stopGuest(session: Session, id: string, options: ControlOptions, deadline: Deadline): Promise<void> {
  const progress = new Progress(session.out, session.interactive);
  const guest = await prepare(session, id, options, progress);
  await requestStop(session, guest);
  if (session.cibFile !== undefined || !options.wait) {
    session.out(`${id}: target-role=Stopped set\n`);
    return;
  }
  await waitForOutcome(session, deadline, progress, `stopping ${id}`, stopStep(id));
  session.out(`${id}: stopped (target-role=Stopped; "xenha start ${id}" removes it)\n`);
}

export async function restartGuest(session: Session, id: string, options: ControlOptions, deadline: Deadline): Promise<void> {
  if (session.cibFile !== undefined) {
    throw new AdminError(AdminExit.Usage, 'restart needs the live cluster (CIB_file is set): a CIB file has nothing to restart');
  }
  if (!options.wait) throw new AdminError(AdminExit.Usage, 'restart always waits for the stop before it starts (--no-wait is not possible)');
  await stopGuest(session, id, options, deadline);
  await startGuest(session, id, options, deadline);
}

/**
 * `xenha standby NODE` drains a node: standby=on, then every guest on it moves (live where
 * allowed) or stops when nowhere else may run it; each is shown as it lands. `xenha online NODE`
 * sets standby=off; guests stay where they are (resource-stickiness).
 */
import type { ClusterStatus } from '../../lib/cluster/cluster-status.js';
import { setNodeStandby } from '../../lib/cluster/resource-commands.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { ensureClusterIdle, waitForOutcome } from './cluster-activity.js';
import { AdminError, AdminExit } from './exit-codes.js';
import { Progress } from './progress.js';
import { asAdminError, pacemakerCall, readSnapshot, requireNode, type Session } from './session.js';

export interface StandbyOptions {
  readonly wait: boolean;
  readonly settleMs: number;
}

function whereIs(status: ClusterStatus, guest: string): readonly string[] {
  return status.resources.find((resource) => resource.id === guest)?.nodes ?? [];
}

export async function standbyNode(session: Session, node: string, options: StandbyOptions, deadline: Deadline): Promise<void> {
  const progress = new Progress(session.out, session.interactive);
  const snapshot = await readSnapshot(session);
  requireNode(snapshot, node);
  const leaving = snapshot.guests.filter((guest) => guest.nodes.includes(node)).map((guest) => guest.id);
  const guestIds = new Set(snapshot.guests.map((guest) => guest.id));
  await ensureClusterIdle(session, options.settleMs, progress);
  try {
    await setNodeStandby(node, true, pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
  session.out(`${node}: standby; ${leaving.length > 0 ? `guests leaving: ${leaving.join(' ')}` : 'no guest runs there'}\n`);
  if (session.cibFile !== undefined || !options.wait || leaving.length === 0) return;
  const reported = new Set<string>();
  await waitForOutcome(session, deadline, progress, `draining ${node}`, (status) => {
    for (const guest of leaving) {
      if (reported.has(guest)) continue;
      const nodes = whereIs(status, guest);
      const resource = status.resources.find((candidate) => candidate.id === guest);
      if (nodes.includes(node) || resource?.pending) continue;
      if (nodes.length === 1 && resource?.role === 'Started') progress.note(`${guest}: ${node} -> ${nodes[0]}`);
      else if (nodes.length === 0 && resource?.role === 'Stopped') progress.note(`${guest}: stopped (no other node may run it)`);
      else continue;
      reported.add(guest);
    }
    const stillThere = status.resources.filter((resource) => guestIds.has(resource.id) && resource.nodes.includes(node));
    if (reported.size === leaving.length && stillThere.length === 0) return { done: true };
    const waiting = leaving.filter((guest) => !reported.has(guest));
    return { progress: `${node}: waiting for ${waiting.join(' ')}` };
  });
  session.out(`${node}: drained, no guest runs there\n`);
}

export async function onlineNode(session: Session, node: string, options: StandbyOptions): Promise<void> {
  const snapshot = await readSnapshot(session);
  requireNode(snapshot, node);
  const current = snapshot.status.nodes.find((candidate) => candidate.name === node);
  if (current !== undefined && !current.standby) {
    session.out(`${node}: already online (not in standby)\n`);
    return;
  }
  await ensureClusterIdle(session, options.settleMs, new Progress(session.out, session.interactive));
  try {
    await setNodeStandby(node, false, pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
  if (session.cibFile === undefined) {
    const after = await readSnapshot(session);
    if (after.status.nodes.find((candidate) => candidate.name === node)?.standby) {
      throw new AdminError(AdminExit.Failed, `${node} still shows standby after standby=off was set: see crm_mon`);
    }
  }
  session.out(`${node}: online; guests stay where they run (resource-stickiness)\n`);
}

/**
 * One run of the admin command against the cluster: the overall deadline, the logger, whether
 * the CIB is a file, and reading the cluster's configuration and status together.
 */
import { readCibConfiguration, type CibConfiguration } from '../../lib/cluster/cib-configuration.js';
import { readClusterStatus, type ClusterStatus } from '../../lib/cluster/cluster-status.js';
import { PacemakerError, type PacemakerCall } from '../../lib/cluster/pacemaker-tool.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { AdminError, AdminExit } from './exit-codes.js';
import { collectGuests, findGuest, type Guest } from './guests.js';

export interface Snapshot {
  readonly configuration: CibConfiguration;
  readonly status: ClusterStatus;
  readonly guests: readonly Guest[];
}

export interface Session {
  readonly deadline: Deadline;
  /** CIB_file is set: Pacemaker's tools read and edit that file; nothing runs, nothing moves. */
  readonly cibFile: string | undefined;
  readonly log: { debug(message: string): void };
  /** Where results and progress go. */
  readonly out: (text: string) => void;
  readonly interactive: boolean;
}

export function pacemakerCall(session: Session, limitMs = 30_000): PacemakerCall {
  return { deadline: session.deadline.sub(limitMs), log: session.log };
}

/** A PacemakerError as the admin's exit code. */
export function asAdminError(error: unknown): unknown {
  if (!(error instanceof PacemakerError)) return error;
  switch (error.kind) {
    case 'missing':
    case 'not-connected':
      return new AdminError(AdminExit.ClusterUnavailable, error.message, { cause: error });
    case 'no-such':
      return new AdminError(AdminExit.NoSuchObject, error.message, { cause: error });
    default:
      return new AdminError(AdminExit.Failed, error.message, { cause: error });
  }
}

export async function readSnapshot(session: Session): Promise<Snapshot> {
  try {
    const call = pacemakerCall(session);
    const [configuration, status] = await Promise.all([readCibConfiguration(call), readClusterStatus(call)]);
    return { configuration, status, guests: collectGuests(configuration, status) };
  } catch (error) {
    throw asAdminError(error);
  }
}

export async function readStatus(session: Session): Promise<ClusterStatus> {
  try {
    return await readClusterStatus(pacemakerCall(session));
  } catch (error) {
    throw asAdminError(error);
  }
}

export function requireGuest(snapshot: Snapshot, id: string): Guest {
  const guest = findGuest(snapshot.guests, id);
  if (guest !== undefined) return guest;
  const other = snapshot.configuration.primitives.find((primitive) => primitive.id === id);
  const known = snapshot.guests.map((candidate) => candidate.id).join(', ') || 'none';
  throw new AdminError(AdminExit.NoSuchObject, other
    ? `${id} is not a Xen guest (it is ${other.standard}:${other.provider ? `${other.provider}:` : ''}${other.type}); guests: ${known}`
    : `no guest ${id} in the CIB; guests: ${known}`);
}

export function requireNode(snapshot: Snapshot, name: string): void {
  if (snapshot.status.nodes.some((node) => node.name === name)) return;
  const known = snapshot.status.nodes.map((node) => node.name).join(', ') || 'none';
  throw new AdminError(AdminExit.NoSuchObject, `no node ${name} in the cluster; nodes: ${known}`);
}

/** `xenha list [--json]`: every Xen guest, where it runs and what is pending on it. */
import type { Guest } from './guests.js';
import type { Session, Snapshot } from './session.js';

/** The documented JSON shape (docs/xenha.md). */
export function guestsAsJson(snapshot: Snapshot, source: 'live' | 'cib-file'): unknown {
  return {
    source,
    dc: snapshot.status.dc ?? null,
    nodes: snapshot.status.nodes.map((node) => ({
      name: node.name, online: node.online, standby: node.standby, maintenance: node.maintenance,
    })),
    guests: snapshot.guests.map((guest) => ({
      id: guest.id,
      agent: guest.agent,
      configFile: guest.configFile ?? null,
      role: guest.role,
      targetRole: guest.targetRole ?? null,
      nodes: guest.nodes,
      managed: guest.managed,
      failed: guest.failed,
      pending: guest.pending ?? null,
      allowMigrate: guest.allowMigrate,
      memoryMib: guest.memoryMib ?? null,
      vcpus: guest.vcpus ?? null,
      failures: guest.failures.map((failure) => ({
        node: failure.node, task: failure.task, exitCode: failure.exitCode ?? null, exitReason: failure.exitReason,
        lastChange: failure.lastChange,
      })),
      pendingMoves: guest.pendingMoves.map((move) => ({ constraint: move.constraint, kind: move.kind, node: move.node ?? null })),
      dependsOn: guest.dependsOn.map((dependency) => ({
        resource: dependency.resource, drbd: dependency.drbd, requirement: dependency.requirement ?? null,
      })),
    })),
  };
}

function notesOf(guest: Guest): string {
  const notes: string[] = [];
  if (guest.nodes.length > 1) notes.push(`ACTIVE ON ${guest.nodes.length} NODES`);
  if (guest.failed) notes.push('FAILED');
  for (const failure of guest.failures) {
    notes.push(`${failure.task} failed on ${failure.node}${failure.exitReason ? ` (${failure.exitReason})` : ''}`);
  }
  if (!guest.managed) notes.push('unmanaged');
  if (guest.pending) notes.push(`${guest.pending.toLowerCase()}…`);
  if (guest.targetRole) notes.push(`target-role=${guest.targetRole}`);
  for (const move of guest.pendingMoves) {
    notes.push(move.kind === 'prefer' ? `moving to ${move.node ?? '?'} (${move.constraint})` : `banned from ${move.node ?? '?'} (${move.constraint})`);
  }
  return notes.join('; ');
}

function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd())
    .join('\n') + '\n';
}

export function guestsAsTable(snapshot: Snapshot): string {
  if (snapshot.guests.length === 0) return 'no Xen guest resources in the CIB\n';
  const rows: string[][] = [['GUEST', 'ROLE', 'NODE', 'MEMORY', 'VCPUS', 'DRBD', 'NOTES']];
  for (const guest of snapshot.guests) {
    rows.push([
      guest.id,
      guest.role,
      guest.nodes.length > 0 ? guest.nodes.join(',') : '-',
      guest.memoryMib !== undefined ? `${guest.memoryMib} MiB` : '-',
      guest.vcpus !== undefined ? String(guest.vcpus) : '-',
      guest.dependsOn.length > 0 ? guest.dependsOn.map((dependency) => dependency.resource).join(',') : '-',
      notesOf(guest),
    ]);
  }
  return formatTable(rows);
}

export function printGuests(session: Session, snapshot: Snapshot, json: boolean): void {
  session.out(json ? `${JSON.stringify(guestsAsJson(snapshot, session.cibFile === undefined ? 'live' : 'cib-file'), null, 2)}\n` : guestsAsTable(snapshot));
}

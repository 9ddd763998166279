/**
 * `xenha clear GUEST` and `xenha tidy [--dry-run]`: remove the interim constraints and
 * target-role attributes that moves, bans and GUI start/stop leave (see cib-leftovers.ts for
 * exactly what counts), then read the CIB again to confirm each is gone.
 */
import { readCibConfiguration } from '../../lib/cluster/cib-configuration.js';
import { deleteCibElement, exactElementXpath } from '../../lib/cluster/cib-edit.js';
import { describeLeftover, surveyLeftovers, type Leftover } from '../../lib/cluster/cib-leftovers.js';
import { ensureClusterIdle, guestActionInProgress } from './cluster-activity.js';
import { AdminError, AdminExit } from './exit-codes.js';
import type { Guest } from './guests.js';
import { Progress } from './progress.js';
import { asAdminError, pacemakerCall, readSnapshot, requireGuest, type Session, type Snapshot } from './session.js';

export interface TidyOptions {
  readonly dryRun: boolean;
  readonly settleMs: number;
  readonly json: boolean;
}

function scopeOf(guests: readonly Guest[]): Set<string> {
  const ids = new Set<string>();
  for (const guest of guests) {
    ids.add(guest.id);
    for (const parent of guest.parents) ids.add(parent);
  }
  return ids;
}

function xpathOf(leftover: Leftover): string {
  return leftover.kind === 'constraint'
    ? exactElementXpath('rsc_location', leftover.id, { rsc: leftover.resource })
    : exactElementXpath('nvpair', leftover.id, { name: leftover.name, value: leftover.value });
}

function leftoverJson(leftover: Leftover): Record<string, unknown> {
  return { ...leftover };
}

async function removeLeftovers(session: Session, snapshot: Snapshot, guests: readonly Guest[], options: TidyOptions): Promise<void> {
  const scope = scopeOf(guests);
  const survey = surveyLeftovers(snapshot.configuration, scope);
  if (options.json && options.dryRun) {
    session.out(`${JSON.stringify({ remove: survey.removable.map(leftoverJson), keep: survey.kept.map(leftoverJson) }, null, 2)}\n`);
    return;
  }
  for (const kept of survey.kept) session.out(`keep   ${describeLeftover(kept)}: ${kept.reason}\n`);
  if (survey.removable.length === 0) {
    if (!options.json) session.out('nothing to remove\n');
    else session.out(`${JSON.stringify({ removed: [], keep: survey.kept.map(leftoverJson) }, null, 2)}\n`);
    return;
  }
  if (options.dryRun) {
    for (const leftover of survey.removable) session.out(`remove ${describeLeftover(leftover)}\n`);
    return;
  }
  if (session.cibFile === undefined) {
    for (const guest of guests) {
      const busy = guestActionInProgress(snapshot.status, guest.id);
      if (busy && survey.removable.some((leftover) => leftover.resource === guest.id || guest.parents.includes(leftover.resource))) {
        throw new AdminError(AdminExit.Busy, `${busy}: its move constraints are still in use; try again when it has finished`);
      }
    }
    await ensureClusterIdle(session, options.settleMs, new Progress(session.out, session.interactive));
  }
  try {
    for (const leftover of survey.removable) {
      await deleteCibElement(xpathOf(leftover), describeLeftover(leftover), pacemakerCall(session));
    }
    const after = surveyLeftovers(await readCibConfiguration(pacemakerCall(session)), scope);
    const remaining = survey.removable.filter((leftover) => after.removable.some((still) => still.kind === leftover.kind && still.id === leftover.id));
    if (remaining.length > 0) {
      throw new AdminError(AdminExit.Failed, `still in the CIB after removal: ${remaining.map(describeLeftover).join(', ')}`);
    }
  } catch (error) {
    throw asAdminError(error);
  }
  if (options.json) session.out(`${JSON.stringify({ removed: survey.removable.map(leftoverJson), keep: survey.kept.map(leftoverJson) }, null, 2)}\n`);
  else for (const leftover of survey.removable) session.out(`removed ${describeLeftover(leftover)}\n`);
}

export async function tidyGuests(session: Session, options: TidyOptions): Promise<void> {
  const snapshot = await readSnapshot(session);
  await removeLeftovers(session, snapshot, snapshot.guests, options);
}

export async function clearGuest(session: Session, id: string, options: TidyOptions): Promise<void> {
  const snapshot = await readSnapshot(session);
  const guest = requireGuest(snapshot, id);
  await removeLeftovers(session, snapshot, [guest], options);
}

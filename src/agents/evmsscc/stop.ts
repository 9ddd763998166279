/**
 * stop: this node no longer counts as active. The containers stay active: they are shared,
 * and other nodes (their guests, live migrations) use them; EVMS deactivates nothing on stop in
 * the reference either. Needs no evms_activate, so a node that lost it is never fenced for it.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { readRecord, removeRecord } from './activation-record.js';
import { openSession, type EvmsContext } from './session.js';

export async function stop(context: EvmsContext): Promise<OcfExit> {
  const session = openSession(context, false);
  const before = readRecord(session.recordFile);
  try {
    removeRecord(session.recordFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // Monitor would still report it running: stop must not claim otherwise.
    throw new OcfError(OcfExit.ErrGeneric, `cannot remove the activation record ${session.recordFile} (${code})`);
  }
  if (before.ok && before.record?.activeSince !== undefined) {
    context.log.info(`${session.node} no longer counts as active; the shared EVMS containers stay active for the other nodes`);
  }
  return OcfExit.Success;
}

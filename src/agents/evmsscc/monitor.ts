/**
 * monitor / status: running (0) only when start succeeded on this node (its activation record)
 * and the expected volumes exist; not running (7) when it was never started here or was
 * stopped; failed (1) when volumes that should be there are missing. Needs no evms_activate.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { readRecord } from './activation-record.js';
import { checkDevices } from './devices.js';
import { listInWords, openSession, type EvmsContext } from './session.js';

export async function monitor(context: EvmsContext): Promise<OcfExit> {
  const session = openSession(context, false);
  const read = readRecord(session.recordFile);
  if (!read.ok) throw new OcfError(OcfExit.ErrGeneric, read.problem);
  if (read.record?.activeSince === undefined) return OcfExit.NotRunning;
  const report = checkDevices(session.root, session.expected);
  if (!report.complete) {
    throw new OcfError(OcfExit.ErrGeneric,
      `${listInWords(report.missing)}, though activated on this node (deactivated by hand, or this node lost its SAN paths)`);
  }
  context.log.debug(`active since ${read.record.activeSince}; ${session.expected.length === 0 ? 'volumes present' : `present: ${session.expected.join(' ')}`}`);
  return OcfExit.Success;
}

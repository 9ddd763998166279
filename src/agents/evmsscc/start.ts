/**
 * start: the shared containers are active on this node, verified, and recorded so that monitor
 * reports it. When the expected volumes are already there (this node's pre-start notification,
 * or an earlier activation, made them) start confirms without running evms_activate again;
 * otherwise it runs evms_activate here (bounded attempts) and checks the volumes it should
 * have created.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { readRecord, writeRecord, type ActivationRecord } from './activation-record.js';
import { checkDevices } from './devices.js';
import { activateWithRetries, locateEvmsActivate } from './evms-activate.js';
import { listInWords, openSession, warnDeprecated, type EvmsContext, type EvmsSession } from './session.js';

/** Kept after evms_activate to check the volumes and write the record. */
const VERIFY_RESERVE_MS = 500;
/**
 * A pre-start notification's activation counts for the start that follows it, not for one much
 * later (a transition aborted in between): the volumes may have been deactivated since.
 */
const NOTIFY_ACTIVATION_FRESH_MS = 5 * 60_000;

function notifiedRecently(record: ActivationRecord | undefined, now = Date.now()): boolean {
  if (record?.notifyActivatedAt === undefined) return false;
  const age = now - Date.parse(record.notifyActivatedAt);
  return age >= 0 && age <= NOTIFY_ACTIVATION_FRESH_MS;
}

function record(context: EvmsContext, session: EvmsSession, activatedBy: ActivationRecord['activatedBy']): void {
  try {
    writeRecord(session.recordFile, { activeSince: new Date().toISOString(), activatedBy });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OcfError(OcfExit.ErrGeneric,
      `the EVMS containers are active but the activation cannot be recorded in ${session.recordFile} (${code}); monitor could not report it`);
  }
  context.log.info(`EVMS shared cluster containers active on ${session.node} (${activatedBy === 'start' ? 'activated by start' : activatedBy === 'notify' ? 'activated by the pre-start notification' : 'already active'})`);
}

function missingReason(missing: readonly string[]): string {
  return `evms_activate succeeded but ${listInWords(missing)}: this node does not see the container's disks `
    + '(check the SAN paths and multipath, the sysfs_devices filter in /etc/evms.conf, and that evmsd runs and the cluster has quorum)';
}

export async function start(context: EvmsContext): Promise<OcfExit> {
  warnDeprecated(context);
  const session = openSession(context, true);
  const read = readRecord(session.recordFile);
  if (!read.ok) throw new OcfError(OcfExit.ErrGeneric, read.problem);
  const previous = read.record;

  const present = checkDevices(session.root, session.expected);
  if (present.complete) {
    if (previous?.activeSince !== undefined) {
      context.log.info(`already active on ${session.node} since ${previous.activeSince}`);
      return OcfExit.Success;
    }
    // With a device list the volumes themselves prove it; without one, only an activation this
    // node's pre-start notification just ran does (any old volume under /dev/evms would do).
    if (session.expected.length > 0) {
      record(context, session, notifiedRecently(previous) ? 'notify' : 'already-present');
      return OcfExit.Success;
    }
    if (notifiedRecently(previous)) {
      record(context, session, 'notify');
      return OcfExit.Success;
    }
  }

  const program = locateEvmsActivate(context.params.evms_activate, context.env.PATH);
  if (program === undefined) {
    throw new OcfError(OcfExit.ErrInstalled,
      `evms_activate not found (evms_activate="${context.params.evms_activate}"): is EVMS installed on this node? (PATH=${context.env.PATH ?? ''})`);
  }
  const outcome = await activateWithRetries({
    program, attempts: context.params.activate_attempts, deadline: context.deadline, reserveMs: VERIFY_RESERVE_MS, log: context.log,
  });
  if (!outcome.ok) throw new OcfError(OcfExit.ErrGeneric, outcome.reason);
  const after = checkDevices(session.root, session.expected);
  if (!after.complete) throw new OcfError(OcfExit.ErrGeneric, missingReason(after.missing));
  record(context, session, 'start');
  return OcfExit.Success;
}

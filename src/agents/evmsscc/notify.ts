/**
 * notify: on the pre-start notification, the first node of the starting list runs
 * evms_activate (so that, when the whole cluster boots, one node at a time opens the EVMS
 * engine, as the reference intends), with bounded attempts inside the notify timeout. Every
 * other notification needs nothing. A notification never fails the cluster's transition: when
 * this activation fails, the reason is logged and each node's start, which checks the volumes
 * itself, reports the truth.
 */
import { OcfExit } from '../../lib/ocf/index.js';
import { readRecord, writeRecord } from './activation-record.js';
import { checkDevices } from './devices.js';
import { activateWithRetries, locateEvmsActivate } from './evms-activate.js';
import { listInWords, openSession, type EvmsContext } from './session.js';

const RECORD_RESERVE_MS = 500;

export async function notify(context: EvmsContext): Promise<OcfExit> {
  const info = context.meta.notify;
  if (info === undefined) {
    context.log.debug('notify without notification variables: nothing to do (is notify=true set on the clone?)');
    return OcfExit.Success;
  }
  if (info.type !== 'pre' || info.operation !== 'start') return OcfExit.Success;

  const session = openSession(context, false);
  const starting = info.startUnames.map((name) => name.toLowerCase());
  const involved = [...info.activeUnames.map((name) => name.toLowerCase()), ...starting];
  if (!involved.includes(session.node)) {
    context.log.warn(`pre-start notification: ${session.node} is neither active nor starting (starting: ${starting.join(' ') || 'none'}); nothing to do`);
    return OcfExit.Success;
  }
  const first = starting[0];
  if (first !== session.node) {
    context.log.debug(`pre-start notification: ${first ?? 'no node'} activates the containers, not ${session.node}`);
    return OcfExit.Success;
  }

  const program = locateEvmsActivate(context.params.evms_activate, context.env.PATH);
  if (program === undefined) {
    context.log.err(`pre-start notification: cannot activate the EVMS containers: evms_activate not found (parameter evms_activate="${context.params.evms_activate}"); start will report it`);
    return OcfExit.Success;
  }
  context.log.info(`pre-start notification: ${session.node} is the first of the starting nodes (${starting.join(' ')}): running evms_activate`);
  const outcome = await activateWithRetries({
    program, attempts: context.params.activate_attempts, deadline: context.deadline, reserveMs: RECORD_RESERVE_MS, log: context.log,
  });
  if (!outcome.ok) {
    context.log.err(`pre-start notification: cannot activate the EVMS containers: ${outcome.reason}; each node's start will try again and report`);
    return OcfExit.Success;
  }
  const present = checkDevices(session.root, session.expected);
  if (!present.complete) {
    context.log.warn(`pre-start notification: evms_activate succeeded but ${listInWords(present.missing)}; start will try again`);
    return OcfExit.Success;
  }
  const read = readRecord(session.recordFile);
  try {
    writeRecord(session.recordFile, { ...(read.ok ? read.record : undefined), notifyActivatedAt: new Date().toISOString() });
  } catch (error) {
    context.log.warn(`cannot note the activation in ${session.recordFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}); start will run evms_activate again`);
  }
  return OcfExit.Success;
}

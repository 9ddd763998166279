/**
 * What a RIBCL answer says: every RESPONSE must have STATUS 0x0000, else the first failure is
 * turned into an IloError a sysadmin can act on; GET_HOST_POWER gives the power state. INFORM
 * elements are notices (e.g. "Scripting utility should be updated"), kept for the debug log.
 */
import { IloError, type IloFailure } from './errors.js';
import type { RibclDocument } from './ribcl-stream.js';

export type IloPowerState = 'on' | 'off';

export interface RibclReply {
  readonly power?: IloPowerState;
  readonly informs: readonly string[];
  /** Elements that are neither RESPONSE, GET_HOST_POWER nor INFORM (logged at debug). */
  readonly unexpected: readonly string[];
}

/** RIBCL status codes with a known meaning (HP scripting guides; python-hpilo's exception table). */
const STATUS_FAILURES: Readonly<Record<number, IloFailure>> = {
  0x0001: 'unsupported',
  0x000a: 'login',
  0x0023: 'privilege',
  0x005f: 'login',
};

export function classifyRibclStatus(status: number, message: string): IloFailure {
  const known = STATUS_FAILURES[status];
  if (known === 'unsupported' && !/syntax|unknown|not supported|unsupported/i.test(message)) return 'device';
  if (known) return known;
  if (/login|credential|password/i.test(message)) return 'login';
  if (/privilege/i.test(message)) return 'privilege';
  if (/busy|try again|in progress|another (user|session)|maximum number of (sessions|connections)/i.test(message)) return 'busy';
  if (/not supported|unsupported|unknown command|syntax error/i.test(message)) return 'unsupported';
  return 'device';
}

const ADVICE: Partial<Record<IloFailure, string>> = {
  login: 'check ilo_user and the password (ilo_password or ilo_password_file)',
  privilege: 'give the iLO user the "Virtual Power and Reset" privilege',
  unsupported: 'this iLO does not support the command; check ilo_protocol and ilo_transport',
};

function sanitize(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim().slice(0, 300);
}

/** Interpret the documents of one answer; `label` names the iLO and `what` the command in messages. */
export function interpretRibclReply(documents: readonly RibclDocument[], label: string, what: string): RibclReply {
  if (documents.length === 0) throw new IloError('protocol', `${label} closed the connection without answering ${what}`);
  let power: IloPowerState | undefined;
  let responses = 0;
  const informs: string[] = [];
  const unexpected: string[] = [];
  for (const document of documents) {
    for (const element of document.elements) {
      switch (element.name) {
        case 'RESPONSE': {
          responses += 1;
          const statusText = element.attributes.STATUS;
          const message = sanitize(element.attributes.MESSAGE ?? element.attributes.MSG ?? '');
          if (statusText === undefined || !/^(0x)?[0-9a-fA-F]+$/.test(statusText.trim())) {
            throw new IloError('protocol', `${label} answered ${what} with a RESPONSE without a valid STATUS (${sanitize(statusText ?? 'none')})`);
          }
          const status = Number.parseInt(statusText.trim().replace(/^0x/i, ''), 16);
          if (status !== 0) {
            const failure = classifyRibclStatus(status, message);
            const advice = ADVICE[failure];
            throw new IloError(failure, `${label} refused ${what}: ${message || 'no message'} (status ${statusText.trim()})${advice ? `: ${advice}` : ''}`);
          }
          break;
        }
        case 'GET_HOST_POWER': {
          const value = (element.attributes.HOST_POWER ?? '').trim().toUpperCase();
          if (value !== 'ON' && value !== 'OFF') {
            throw new IloError('protocol', `${label} reported an unknown power state "${sanitize(value)}" (expected ON or OFF)`);
          }
          power = value === 'ON' ? 'on' : 'off';
          break;
        }
        case 'INFORM':
          informs.push(sanitize(element.text));
          break;
        default:
          unexpected.push(element.name);
      }
    }
  }
  if (responses === 0) throw new IloError('protocol', `${label} answered ${what} without any RESPONSE status`);
  return { power, informs, unexpected };
}

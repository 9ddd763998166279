/**
 * Redfish as iLO 5 and 6 speak it: ComputerSystem.PowerState read from the one system, power
 * changed with the ComputerSystem.Reset action (ForceOff, On), authenticated by a session
 * (POST SessionService/Sessions, X-Auth-Token, DELETE at the end) or HTTP basic auth.
 */
import type { Deadline } from '../runtime/index.js';
import { exchange, type IloConnectionOptions } from './connection.js';
import { IloError } from './errors.js';
import { encodeHttpRequest, HttpResponseReader, type HttpRequest, type HttpResponse } from './http-message.js';
import type { IloPowerState } from './ribcl-reply.js';

export type RedfishAuth = 'session' | 'basic';
export type RedfishResetType = 'ForceOff' | 'On' | 'ForceRestart';

interface RedfishErrorBody {
  error?: { code?: string; message?: string; '@Message.ExtendedInfo'?: { MessageId?: string; Message?: string }[] };
}

function parseJson(response: HttpResponse, label: string, what: string): unknown {
  const text = response.body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IloError('protocol', `${label} answered ${what} with something that is not JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The MessageId and message of a Redfish error body, if any. */
export function redfishErrorOf(body: unknown): { id: string; message: string } {
  const error = (body as RedfishErrorBody).error;
  const info = error?.['@Message.ExtendedInfo']?.[0];
  const id = info?.MessageId ?? error?.code ?? '';
  // iLO puts the detail in ExtendedInfo and a generic "See @Message.ExtendedInfo" in message.
  const message = info?.Message ?? (info ? '' : error?.message ?? '');
  return { id: String(id).replace(/[^\x20-\x7e]/g, '?').slice(0, 120), message: String(message).replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 200) };
}

export interface RedfishSettings {
  readonly connection: IloConnectionOptions;
  readonly user: string;
  readonly password: string;
  readonly auth: RedfishAuth;
  readonly timeoutMs: number;
}

export class RedfishClient {
  private token?: string;
  private sessionPath?: string;
  private systemPath?: string;
  private resetPath?: string;

  constructor(private readonly settings: RedfishSettings, private readonly debug: (message: string) => void) {}

  private get label(): string {
    return this.settings.connection.address.label;
  }

  private async send(request: Omit<HttpRequest, 'host'>, deadline: Deadline): Promise<HttpResponse> {
    const reader = new HttpResponseReader(this.label);
    const encoded = encodeHttpRequest({ ...request, host: this.settings.connection.address.label });
    await exchange(this.settings.connection, encoded, { onData: (chunk) => reader.push(chunk), isComplete: () => reader.complete }, this.settings.timeoutMs, deadline);
    const response = reader.finish();
    this.debug(`redfish ${request.method} ${request.path}: HTTP ${response.status}`);
    return response;
  }

  private check(response: HttpResponse, what: string): unknown {
    const body = parseJson(response, this.label, what);
    if (response.status >= 200 && response.status < 300) return body;
    const { id, message } = redfishErrorOf(body);
    const detail = [id, message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
    switch (response.status) {
      case 401: throw new IloError('login', `${this.label} rejected the login for ${what} (${detail}): check ilo_user and the password`);
      case 403: throw new IloError('privilege', `${this.label} refused ${what}: the user lacks a privilege (${detail}): give it "Virtual Power and Reset"`);
      case 404: throw new IloError('unsupported', `${this.label} has no ${what} (${detail}): is this a Redfish iLO (iLO 5 or later)?`);
      case 429: case 503: throw new IloError('busy', `${this.label} is busy (${detail})`);
      default: throw new IloError('device', `${this.label} refused ${what} with HTTP ${response.status} (${detail})`);
    }
  }

  private async authorized(request: Omit<HttpRequest, 'host'>, what: string, deadline: Deadline): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(request.headers ?? {}) };
    if (this.settings.auth === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(`${this.settings.user}:${this.settings.password}`, 'utf8').toString('base64')}`;
    } else {
      if (this.token === undefined) await this.login(deadline);
      headers['X-Auth-Token'] = this.token ?? '';
    }
    return this.check(await this.send({ ...request, headers }, deadline), what);
  }

  private async login(deadline: Deadline): Promise<void> {
    const response = await this.send({
      method: 'POST',
      path: '/redfish/v1/SessionService/Sessions/',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ UserName: this.settings.user, Password: this.settings.password }),
    }, deadline);
    this.check(response, 'the session login');
    const token = response.headers['x-auth-token'];
    if (!token) throw new IloError('protocol', `${this.label} accepted the session login but sent no X-Auth-Token`);
    this.token = token;
    const location = response.headers.location;
    if (location) this.sessionPath = location.replace(/^https?:\/\/[^/]+/i, '');
  }

  private async findSystem(deadline: Deadline): Promise<string> {
    if (this.systemPath) return this.systemPath;
    const collection = await this.authorized({ method: 'GET', path: '/redfish/v1/Systems/' }, 'the Systems collection', deadline);
    const members = isRecord(collection) && Array.isArray(collection.Members) ? collection.Members : [];
    const paths = members.map((member) => (isRecord(member) ? member['@odata.id'] : undefined)).filter((id): id is string => typeof id === 'string');
    if (paths.length !== 1) {
      throw new IloError('protocol', `${this.label} lists ${paths.length} systems (${paths.join(', ') || 'none'}); an iLO manages exactly one`);
    }
    this.systemPath = paths[0];
    return paths[0];
  }

  async powerState(deadline: Deadline): Promise<IloPowerState> {
    const path = await this.findSystem(deadline);
    const system = await this.authorized({ method: 'GET', path }, `the system ${path}`, deadline);
    if (!isRecord(system)) throw new IloError('protocol', `${this.label} answered GET ${path} with no object`);
    const actions = isRecord(system.Actions) ? system.Actions['#ComputerSystem.Reset'] : undefined;
    if (isRecord(actions) && typeof actions.target === 'string') this.resetPath = actions.target;
    const state = system.PowerState;
    if (state === 'On') return 'on';
    if (state === 'Off') return 'off';
    if (state === 'PoweringOn' || state === 'PoweringOff') throw new IloError('transitional', `${this.label} reports PowerState ${state}`);
    throw new IloError('protocol', `${this.label} reports an unknown PowerState "${String(state).slice(0, 40)}"`);
  }

  /** ComputerSystem.Reset; "already in that state" (InvalidOperationForSystemState) is left to the confirmation. */
  async reset(type: RedfishResetType, deadline: Deadline): Promise<void> {
    const system = await this.findSystem(deadline);
    const target = this.resetPath ?? `${system.replace(/\/$/, '')}/Actions/ComputerSystem.Reset/`;
    try {
      await this.authorized({
        method: 'POST', path: target, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ResetType: type }),
      }, `ComputerSystem.Reset ${type}`, deadline);
    } catch (error) {
      if (error instanceof IloError && error.failure === 'device' && /InvalidOperationForSystemState|AlreadyPowered/i.test(error.message)) {
        this.debug(`ComputerSystem.Reset ${type}: the system is already in that state`);
        return;
      }
      throw error;
    }
  }

  /** Log the session out (best effort, bounded). */
  async close(deadline: Deadline): Promise<void> {
    if (!this.token || !this.sessionPath) return;
    const headers = { 'X-Auth-Token': this.token };
    this.token = undefined;
    await this.send({ method: 'DELETE', path: this.sessionPath, headers }, deadline);
  }
}

/**
 * An iLO as the fencing plugin sees it: read the power state, switch power, hold the power
 * button; over RIBCL (raw or HTTP) or Redfish, the transport found once per process when
 * ilo_transport=auto. A "busy" answer is retried until the caller's deadline, never taken for
 * success.
 */
import type { Deadline } from '../runtime/index.js';
import type { IloConnectionOptions } from './connection.js';
import { IloError } from './errors.js';
import { RedfishClient, type RedfishAuth } from './redfish-client.js';
import type { RibclCommand } from './ribcl-request.js';
import { sendHttpRibcl, sendRawRibcl, SpeaksHttp } from './ribcl-client.js';
import type { IloPowerState, RibclReply } from './ribcl-reply.js';

export type IloTransport = 'auto' | 'raw' | 'http' | 'redfish';

export interface IloLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface IloClientSettings {
  readonly connection: IloConnectionOptions;
  readonly user: string;
  readonly password: string;
  /** RIBCL VERSION attribute (ilo_protocol). */
  readonly ribclVersion: string;
  readonly transport: IloTransport;
  readonly redfishAuth: RedfishAuth;
  /** Bound of one request (connect, handshake, answer). */
  readonly requestTimeoutMs: number;
  /** Pause between attempts when the iLO is busy. */
  readonly busyRetryMs?: number;
}

const DEFAULT_BUSY_RETRY_MS = 1000;

export class IloClient {
  private transport: IloTransport;
  private redfish?: RedfishClient;

  constructor(private readonly settings: IloClientSettings, private readonly log: IloLog) {
    this.transport = settings.transport;
  }

  /** The transport in use (auto until the first request found it). */
  get activeTransport(): IloTransport {
    return this.transport;
  }

  /** A method, not a property test: the transport changes during a request (auto). */
  private usesRedfish(): boolean {
    return this.transport === 'redfish';
  }

  private get label(): string {
    return this.settings.connection.address.label;
  }

  private redfishClient(): RedfishClient {
    this.redfish ??= new RedfishClient({
      connection: this.settings.connection,
      user: this.settings.user,
      password: this.settings.password,
      auth: this.settings.redfishAuth,
      timeoutMs: this.settings.requestTimeoutMs,
    }, (message) => this.log.debug(message));
    return this.redfish;
  }

  /** Retry `attempt` while the iLO says it is busy and the deadline leaves room for another try. */
  private async retryBusy<T>(what: string, deadline: Deadline, attempt: () => Promise<T>): Promise<T> {
    const pause = this.settings.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS;
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof IloError) || error.failure !== 'busy') throw error;
        if (deadline.remainingMs() <= pause) {
          throw new IloError('busy', `${error.message}; still busy after ${tries} attempt${tries === 1 ? '' : 's'} at ${what}`);
        }
        this.log.info(`${error.message}; retrying ${what} in ${(pause / 1000).toFixed(1)} s`);
        await deadline.sleep(pause);
      }
    }
  }

  private async ribcl(command: RibclCommand, deadline: Deadline): Promise<RibclReply> {
    const login = { user: this.settings.user, password: this.settings.password, version: this.settings.ribclVersion };
    const { connection, requestTimeoutMs } = this.settings;
    const what = command.name;
    return this.retryBusy(what, deadline, async () => {
      if (this.transport === 'http') return sendHttpRibcl(connection, login, command, requestTimeoutMs, deadline);
      try {
        const reply = await sendRawRibcl(connection, login, command, requestTimeoutMs, deadline);
        if (this.transport === 'auto') {
          this.transport = 'raw';
          this.log.debug(`${this.label} speaks raw RIBCL (iLO 2 or older)`);
        }
        return reply;
      } catch (error) {
        if (!(error instanceof SpeaksHttp)) throw error;
        if (this.transport !== 'auto') {
          throw new IloError('unsupported', `${this.label} answered raw RIBCL with HTTP (${error.statusLine.slice(0, 60)}): it is an iLO 3 or later, set ilo_transport=http or auto`);
        }
        this.transport = 'http';
        this.log.debug(`${this.label} answered raw RIBCL with HTTP: using POST /ribcl`);
        try {
          return await sendHttpRibcl(connection, login, command, requestTimeoutMs, deadline);
        } catch (httpError) {
          if (httpError instanceof IloError && httpError.failure === 'unsupported' && /POST \/ribcl/.test(httpError.message)) {
            this.transport = 'redfish';
            this.log.debug(`${this.label} has no RIBCL: using Redfish`);
          }
          throw httpError;
        }
      }
    });
  }

  async powerState(deadline: Deadline): Promise<IloPowerState> {
    if (this.transport !== 'redfish') {
      try {
        const reply = await this.ribcl({ name: 'GET_HOST_POWER_STATUS' }, deadline);
        for (const inform of reply.informs) this.log.debug(`${this.label}: ${inform}`);
        if (reply.power === undefined) throw new IloError('protocol', `${this.label} answered GET_HOST_POWER_STATUS without a GET_HOST_POWER element`);
        return reply.power;
      } catch (error) {
        if (!this.usesRedfish()) throw error;
      }
    }
    return this.retryBusy('PowerState', deadline, () => this.redfishClient().powerState(deadline));
  }

  /** SET_HOST_POWER Y/N, or ComputerSystem.Reset On/ForceOff. */
  async setPower(state: IloPowerState, deadline: Deadline): Promise<void> {
    if (this.transport !== 'redfish') {
      try {
        await this.ribcl({ name: 'SET_HOST_POWER', attributes: { HOST_POWER: state === 'on' ? 'Y' : 'N' } }, deadline);
        return;
      } catch (error) {
        if (!this.usesRedfish()) throw error;
      }
    }
    await this.retryBusy('ComputerSystem.Reset', deadline, () => this.redfishClient().reset(state === 'on' ? 'On' : 'ForceOff', deadline));
  }

  /**
   * Hold the power button (a forced power-off of a running host). Redfish has no "hold": it
   * gets ForceOff, which is what holding the button does.
   */
  async holdPowerButton(deadline: Deadline): Promise<void> {
    if (this.transport !== 'redfish') {
      try {
        await this.ribcl({ name: 'HOLD_PWR_BTN' }, deadline);
        return;
      } catch (error) {
        if (!this.usesRedfish()) throw error;
      }
    }
    await this.retryBusy('ComputerSystem.Reset', deadline, () => this.redfishClient().reset('ForceOff', deadline));
  }

  async close(deadline: Deadline): Promise<void> {
    await this.redfish?.close(deadline);
  }
}

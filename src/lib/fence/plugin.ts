/**
 * A fencing plugin: its parameters, the hosts it controls, and the device-specific power
 * operations. Everything else (both protocols, the lock, deadlines, and the rule that off and
 * reset succeed only once status confirms them) is the core's.
 */
import type { Deadline, Logger, ParameterSpec, ParameterValues } from '../runtime/index.js';
import type { MappableOptionName } from './fence-agents-standard.js';

export type PowerState = 'on' | 'off';
export type PowerAction = 'off' | 'on' | 'reset';

type Env = Readonly<Record<string, string | undefined>>;

/** What a plugin's operations get: typed parameters, the operation's deadline, logging. */
export interface FenceContext<Ps extends readonly ParameterSpec[]> {
  readonly params: ParameterValues<Ps>;
  /** Parameters as given (strings), for "was it set?" questions. */
  readonly given: Readonly<Record<string, string>>;
  /** The hosts this device controls, as configured. */
  readonly hosts: readonly string[];
  /** The whole operation's deadline (lock wait, action and confirmation all fit in it). */
  readonly deadline: Deadline;
  readonly log: Logger;
  readonly env: Env;
  /** Environment for child processes: no plugin parameter (so no secret) is in it. */
  childEnv(): Record<string, string>;
  /** Run `cleanup` when the operation ends (close connections); errors in it are logged only. */
  onClose(cleanup: () => Promise<void> | void): void;
}

export interface FencePluginDefinition<Ps extends readonly ParameterSpec[]> {
  /** cluster-glue type without "external/", e.g. "ssh". */
  readonly name: string;
  /** The fence-agents name (installed in /usr/sbin), e.g. "fence_xenha_ssh". */
  readonly fenceAgentName: string;
  readonly version: string;
  /** getinfo-devid: a short name of the device kind (also the meta-data shortdesc). */
  readonly deviceId: string;
  /** getinfo-devname: names this device instance. */
  deviceName(params: ParameterValues<Ps>): string;
  /** getinfo-devdescr: what it is and what it needs (the meta-data longdesc). */
  readonly description: string;
  /** getinfo-devurl */
  readonly url: string;
  readonly parameters: Ps;
  /**
   * getconfignames, in the order `stonith -p` fills them (the last takes the rest of the line).
   * Kept as the reference plugin's so that `-p` strings keep working; every other parameter is
   * given as name=value or in the environment. Default: the required parameters.
   */
  readonly configNames?: readonly string[];
  /**
   * fence-agents mode: the standard options (fencing.py's names and getopt letters) that set
   * one of the plugin's parameters, e.g. { username: 'ssh_user' }.
   */
  readonly fenceAgentOptions?: Partial<Readonly<Record<MappableOptionName, string>>>;
  /**
   * fence-agents mode: the plugin logs in with ssh, so fencing.py's `ssh_options` is accepted;
   * what maps sets the parameters the plugin maps ipport, username and identity_file to.
   */
  readonly sshOptions?: boolean;
  /**
   * The parameter that lists the hosts. In fence-agents mode it is optional: with Pacemaker's
   * pcmk_host_list / pcmk_host_map choosing the device, the host to fence is the plug given.
   */
  readonly hostListParameter?: string;
  /** The hosts this device controls, from its parameters. */
  hosts(params: ParameterValues<Ps>): string[];
  /**
   * What identifies the physical device an operation on `host` acts on: two operations with
   * the same key never run at the same time.
   */
  deviceKey(params: ParameterValues<Ps>, host: string | undefined): string;
  /** Time the whole operation may take (lock wait, action, confirmation). */
  operationTimeoutMs(params: ParameterValues<Ps>, action: PowerAction | 'status'): number;
  /** Checks beyond the declaration's; throw FenceError('config', …). */
  validate?(params: ParameterValues<Ps>, log: Logger): void;
  /** The device works (and can reach its hosts); throw FenceError otherwise. */
  deviceStatus(context: FenceContext<Ps>, deadline: Deadline): Promise<void>;
  /** Power status of one host; throw FenceError when it cannot be read. */
  powerStatus(context: FenceContext<Ps>, host: string, deadline: Deadline): Promise<PowerState>;
  off?(context: FenceContext<Ps>, host: string, deadline: Deadline): Promise<void | PowerRequestOutcome>;
  on?(context: FenceContext<Ps>, host: string, deadline: Deadline): Promise<void>;
  /**
   * A device reset (power cycle in one request). The core then requires status to show the
   * host off (it went down); without it, reset is off, confirmed, then on.
   */
  reset?(context: FenceContext<Ps>, host: string, deadline: Deadline): Promise<void | PowerRequestOutcome>;
  /** Consecutive "off" statuses that confirm off (more than 1 for weak signals such as "stopped answering"). */
  readonly offConfirmations?: number;
  /** Time between status polls while confirming (default 1 s). */
  readonly pollIntervalMs?: number;
}

/**
 * What an off or reset request may tell the core: that while handling it the plugin read the
 * host's power state, exactly as powerStatus reads it, and saw "off" (external/ssh probes a
 * host before logging in; a crashed one is silent). That reading counts as the first of the
 * offConfirmations, and the next status read starts one poll interval after it started: the
 * evidence asked for (N consecutive off readings, a poll interval apart) is unchanged.
 */
export interface PowerRequestOutcome {
  /** performance.now() when the status reading that showed "off" started. */
  readonly offReadingStartedAt: number;
}

export function defineFencePlugin<const Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
): FencePluginDefinition<Ps> {
  return plugin;
}

/** The actions the device supports, for meta-data. */
export function supportedPowerActions<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): PowerAction[] {
  const actions: PowerAction[] = [];
  if (plugin.off) actions.push('off');
  if (plugin.on) actions.push('on');
  if (plugin.reset || plugin.off) actions.push('reset');
  return actions;
}

/**
 * The agent's parameters turned into what the actions use: the effective timeout, the probe
 * tool and its checked options, the pidfile, the debug level. Configuration errors are
 * OcfError(ERR_CONFIGURED) with a reason that says what to change.
 */
import { join } from 'node:path';
import { findExecutable, hostNameProblem, parseProbeOptions, ProbeOptionsError, splitHostList, type ProbeTool } from '../../lib/net/index.js';
import { formatDampen } from '../../lib/cluster/attrd.js';
import { OcfError, OcfExit, type ActionContext, type ParameterValues } from '../../lib/ocf/index.js';
import type { PingParameters } from './parameters.js';
import { deriveTimeoutSeconds, TimeoutSyntaxError } from './timeout.js';

type Env = Readonly<Record<string, string | undefined>>;
export type PingContext = ActionContext<PingParameters>;
/** What loading the configuration needs from an action (or from the daemon, which has no action). */
export type ConfigSource = Pick<PingContext, 'params' | 'given' | 'env' | 'meta' | 'instance' | 'log'>;
export type PingValues = ParameterValues<PingParameters>;

export type DebugLevel = 0 | 1 | 2;

export interface PingConfig {
  readonly attribute: string;
  /** attrd_updater -d value. */
  readonly dampen: string;
  readonly multiplier: number;
  readonly hosts: readonly string[];
  readonly attempts: number;
  readonly timeoutSeconds: number;
  readonly tool: ProbeTool;
  /** Where the tool is; undefined when it is not installed. */
  readonly toolPath: string | undefined;
  readonly options: readonly string[];
  readonly failureScore: number | undefined;
  readonly debug: DebugLevel;
  readonly mode: 'probe' | 'daemon';
  readonly intervalMs: number;
  readonly pidfile: string;
}

/**
 * Why `name` cannot be a node attribute name given to attrd_updater, or undefined: it must not
 * be empty, start with "-" (attrd_updater would read an option) or hold spaces, quotes or
 * control characters.
 */
export function attributeNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.:#][A-Za-z0-9_.:#-]*$/.test(name)) {
    return `${JSON.stringify(name)} is not a node attribute name (letters, digits, "_", ".", ":", "#" and "-", not starting with "-")`;
  }
  return undefined;
}

/** The daemon's heartbeat and last probe, next to the pidfile. */
export function stateFilePath(pidfile: string): string {
  return `${pidfile}.state`;
}

/**
 * The pidfile as ocf:pacemaker:ping computes it: $HA_VARRUN/ping-<name>, or
 * $HA_VARRUN/ping-<resource id> when the clone is globally unique.
 */
export function pidfilePath(params: PingValues, env: Env, instance: string): string {
  if (params.pidfile !== undefined && params.pidfile !== '') return params.pidfile;
  const varrun = (env.HA_VARRUN || '/var/run/').replace(/\/+$/, '') || '/';
  const globallyUnique = (env.OCF_RESKEY_CRM_meta_globally_unique ?? 'false') !== 'false';
  return join(varrun, `ping-${globallyUnique ? instance : params.name}`);
}

/** ocf:pacemaker:ping's reading of "debug": anything unknown is 0, with a warning. */
export function parseDebugLevel(value: string): { level: DebugLevel; unknown: boolean } {
  if (['true', 'True', 'TRUE', '1'].includes(value)) return { level: 1, unknown: false };
  if (['false', 'False', 'FALSE', '0'].includes(value)) return { level: 0, unknown: false };
  if (['verbose', 'Verbose', 'VERBOSE', '2'].includes(value)) return { level: 2, unknown: false };
  return { level: 0, unknown: true };
}

/** fping when allowed and installed, else ping (have_binary fping, as the reference). */
export function chooseTool(useFping: boolean, path: string | undefined): { tool: ProbeTool; toolPath: string | undefined } {
  if (useFping) {
    const fping = findExecutable('fping', path);
    if (fping !== undefined) return { tool: 'fping', toolPath: fping };
  }
  return { tool: 'ping', toolPath: findExecutable('ping', path) };
}

const MIN_DAEMON_INTERVAL_MS = 1000;

/** The whole configuration, or OcfError(ERR_CONFIGURED) naming the first thing to fix. */
export function loadPingConfig(context: ConfigSource): PingConfig {
  const { params, env, log } = context;
  const hosts = splitHostList(params.host_list);
  if (hosts.length === 0) {
    throw new OcfError(OcfExit.ErrConfigured, 'host_list is empty: give the addresses or names of the hosts to ping, separated by spaces');
  }
  for (const host of hosts) {
    const problem = hostNameProblem(host);
    if (problem !== undefined) throw new OcfError(OcfExit.ErrConfigured, `parameter "host_list": ${problem}`);
  }
  const attributeProblem = attributeNameProblem(params.name);
  if (attributeProblem !== undefined) throw new OcfError(OcfExit.ErrConfigured, `parameter "name": ${attributeProblem}`);
  let timeoutSeconds: number;
  try {
    timeoutSeconds = deriveTimeoutSeconds({
      timeout: params.timeout, hostCount: hosts.length, attempts: params.attempts, operationTimeoutMs: context.meta.timeoutMs,
    });
  } catch (error) {
    if (error instanceof TimeoutSyntaxError) throw new OcfError(OcfExit.ErrConfigured, error.message, { cause: error });
    throw error;
  }
  const { tool, toolPath } = chooseTool(params.use_fping, env.PATH);
  let options: string[];
  try {
    options = parseProbeOptions(params.options, tool);
  } catch (error) {
    if (error instanceof ProbeOptionsError) throw new OcfError(OcfExit.ErrConfigured, `parameter "options": ${error.message}`, { cause: error });
    throw error;
  }
  if (params.mode === 'daemon' && params.interval < MIN_DAEMON_INTERVAL_MS) {
    throw new OcfError(OcfExit.ErrConfigured, `parameter "interval" must be at least 1s, not "${context.given.interval}"`);
  }
  const debug = parseDebugLevel(params.debug);
  if (debug.unknown) {
    log.warn(`Value for 'debug' is incorrect. Please specify 'true', 'false', or 'verbose', not: ${params.debug}`);
  }
  return {
    attribute: params.name,
    dampen: formatDampen(params.dampen),
    multiplier: params.multiplier,
    hosts,
    attempts: params.attempts,
    timeoutSeconds,
    tool,
    toolPath,
    options,
    failureScore: params.failure_score,
    debug: debug.level,
    mode: params.mode,
    intervalMs: params.interval,
    pidfile: pidfilePath(params, env, context.instance),
  };
}

/** The probe tool's path, or OcfError(ERR_INSTALLED). */
export function requireTool(config: PingConfig): string {
  if (config.toolPath === undefined) {
    throw new OcfError(OcfExit.ErrInstalled, `Setup problem: couldn't find command: ${config.tool} (install iputils-ping or fping)`);
  }
  return config.toolPath;
}

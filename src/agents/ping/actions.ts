/**
 * start, stop, monitor, reload and validate-all of ocf:xenha:ping, in both modes.
 *
 * probe mode (the default, as ocf:pacemaker:ping): the pidfile (empty) says "running"; start
 * and every monitor measure and write the score (-B with the dampening on start and reload,
 * -U on monitor). daemon mode: the pidfile holds the daemon's PID; start launches it and
 * waits for its first round; monitor checks it is alive and its last round recent.
 * stop ends the daemon if there is one, removes the files and the attribute, and succeeds.
 */
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { AttrdError, deleteNodeAttribute, formatDampen, updateNodeAttribute } from '../../lib/cluster/attrd.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { attributeNameProblem, loadPingConfig, pidfilePath, requireTool, stateFilePath, type PingConfig, type PingContext } from './config.js';
import {
  checkFailureScore, describeConnectivity, measureConnectivity, measurementBoundMs, summarizeUnreachable, unreachableHosts,
} from './connectivity.js';
import { isPingDaemon, launchDaemon, terminateDaemon } from './daemon-control.js';
import {
  monotonicMs, pidfileExists, readDaemonState, readPid, removeFile, writeFileAtomically, type DaemonState, type DaemonStateReading,
} from './run-files.js';

function attrdFailure(error: unknown): never {
  if (error instanceof AttrdError) {
    throw new OcfError(error.kind === 'missing' ? OcfExit.ErrInstalled : OcfExit.ErrGeneric, error.message, { cause: error });
  }
  throw error;
}

/** The running daemon's PID for this pidfile, if one runs. */
function runningDaemon(pidfile: string): number | undefined {
  const pid = readPid(pidfile);
  return pid !== undefined && isPingDaemon(pid, pidfile) ? pid : undefined;
}

/** End a daemon left from daemon mode (mode changed, or reload), keeping the attribute. */
async function endDaemon(context: PingContext, pidfile: string): Promise<void> {
  const pid = runningDaemon(pidfile);
  if (pid === undefined) return;
  if (!(await terminateDaemon(pid, pidfile, context.deadline))) {
    throw new OcfError(OcfExit.ErrGeneric, `ping daemon ${pid} (${pidfile}) survived SIGTERM and SIGKILL`);
  }
  context.log.info(`ping daemon ${pid} ended`);
}

/** Probe mode: measure, write the attribute, check failure_score. */
async function updateOnce(context: PingContext, config: PingConfig, setDampen: boolean): Promise<void> {
  const { deadline, log } = context;
  const attrdReserveMs = Math.min(5000, deadline.remainingMs() / 3);
  const connectivity = await measureConnectivity(config, { deadline: deadline.sub(measurementBoundMs(config), attrdReserveMs), log });
  const value = String(connectivity.score);
  try {
    await updateNodeAttribute(config.attribute, value, { dampen: config.dampen, setDampen }, { deadline, log });
  } catch (error) {
    attrdFailure(error);
  }
  if (config.debug >= 1) log.debug(`Updated ${config.attribute} = ${value}`);
  // start and reload say what they found; a monitor only with debug (it runs every few seconds).
  if (setDampen) log.info(`${config.attribute}=${value}: ${describeConnectivity(connectivity)}`);
  else if (config.debug >= 1) log.info(`${config.attribute}=${value}: ${describeConnectivity(connectivity)}`);
  checkFailureScore(config, connectivity, summarizeUnreachable(unreachableHosts(connectivity)));
}

/** Daemon mode: why a state file cannot be trusted (another version, malformed), or undefined. */
export function stateFileProblem(pid: number, reading: DaemonStateReading): string | undefined {
  return reading.problem === undefined ? undefined : `ping daemon ${pid}: cannot trust its state file: ${reading.problem}`;
}

/** Daemon mode: why the recorded state is not healthy, or undefined when it is. */
export function daemonProblem(config: PingConfig, pid: number, state: DaemonState | undefined, nowMs: number): string | undefined {
  const staleAfterMs = 2 * config.intervalMs + measurementBoundMs(config) + 5000;
  if (state === undefined || state.pid !== pid || state.lastProbeMonotonicMs === undefined) {
    const started = state?.pid === pid ? state.startedMonotonicMs : undefined;
    if (started !== undefined && nowMs - started <= staleAfterMs) return undefined;
    return `ping daemon ${pid} has not recorded a probe in ${config.pidfile}.state`;
  }
  const ageMs = nowMs - state.lastProbeMonotonicMs;
  if (ageMs > staleAfterMs) {
    return `ping daemon ${pid} is alive but its last probe finished ${Math.round(ageMs / 1000)} s ago (interval ${config.intervalMs / 1000} s): it is stuck`;
  }
  if (state.probeError !== undefined) return `ping daemon ${pid} cannot probe: ${state.probeError}`;
  if (state.attrdError !== undefined) return `ping daemon ${pid}: ${state.attrdError}`;
  return undefined;
}

function daemonScoreCheck(config: PingConfig, state: DaemonState | undefined): void {
  if (state?.score === undefined) return;
  checkFailureScore(config, { score: state.score }, summarizeUnreachable(state.unreachable));
}

async function startDaemon(context: PingContext, config: PingConfig): Promise<void> {
  const { deadline, log } = context;
  const statefile = stateFilePath(config.pidfile);
  removeFile(statefile);
  const pid = await launchDaemon(config.pidfile, context.env);
  writeFileAtomically(config.pidfile, `${pid}\n`);
  const cleanupReserveMs = Math.min(8000, deadline.remainingMs() / 3);
  const firstRound = await deadline.sub(Number.MAX_SAFE_INTEGER, cleanupReserveMs).pollUntil(async () => {
    const { state } = readDaemonState(statefile);
    if (state?.pid === pid && (state.rounds > 0 || state.fatal !== undefined)) return state;
    if (!isPingDaemon(pid, config.pidfile)) return state ?? 'gone';
    return undefined;
  }, 50);
  const fail = async (reason: string): Promise<never> => {
    await terminateDaemon(pid, config.pidfile, deadline, 2000);
    removeFile(config.pidfile);
    removeFile(statefile);
    throw new OcfError(OcfExit.ErrGeneric, reason);
  };
  if (firstRound === undefined) return fail(`ping daemon ${pid} did not finish its first probe before the start timeout`);
  if (firstRound === 'gone') return fail(`ping daemon ${pid} exited during start (see the cluster log)`);
  if (firstRound.fatal !== undefined) return fail(`ping daemon ${pid} could not run: ${firstRound.fatal}`);
  const problem = daemonProblem(config, pid, firstRound, monotonicMs());
  if (problem !== undefined) return fail(problem);
  try {
    daemonScoreCheck(config, firstRound);
  } catch (error) {
    if (error instanceof OcfError) return fail(error.reason);
    throw error;
  }
  log.info(`ping daemon ${pid} started: ${config.attribute}=${firstRound.score} (${firstRound.reachable} of ${firstRound.total} hosts reachable)`);
}

/** start, or (restart = true) reload: bring the node to "running" with the current parameters. */
async function startOrReload(context: PingContext, restart: boolean): Promise<OcfExit> {
  const config = loadPingConfig(context);
  requireTool(config);
  if (config.mode === 'daemon') {
    const pid = runningDaemon(config.pidfile);
    if (pid !== undefined && !restart) {
      const reading = readDaemonState(stateFilePath(config.pidfile));
      const problem = stateFileProblem(pid, reading) ?? daemonProblem(config, pid, reading.state, monotonicMs());
      if (problem !== undefined) throw new OcfError(OcfExit.ErrGeneric, problem);
      return OcfExit.Success;
    }
    await endDaemon(context, config.pidfile);
    await startDaemon(context, config);
    return OcfExit.Success;
  }
  await endDaemon(context, config.pidfile);
  removeFile(stateFilePath(config.pidfile));
  const wasRunning = pidfileExists(config.pidfile);
  writeFileAtomically(config.pidfile, '');
  try {
    await updateOnce(context, config, true);
  } catch (error) {
    if (!wasRunning) removeFile(config.pidfile);
    throw error;
  }
  return OcfExit.Success;
}

export const start = (context: PingContext): Promise<OcfExit> => startOrReload(context, false);

/** reload: apply the parameters to a running resource; on a stopped one there is nothing to do. */
export async function reload(context: PingContext): Promise<OcfExit> {
  const pidfile = pidfilePath(context.params, context.env, context.instance);
  if (!pidfileExists(pidfile)) {
    // Pacemaker reloads only running instances: a missing pidfile means that name or pidfile
    // (unique="0", as in ocf:pacemaker:ping) changed what this resource is. Applying it would
    // leave the old attribute and pidfile behind: refuse, so that Pacemaker restarts it.
    loadPingConfig(context);
    throw new OcfError(OcfExit.ErrGeneric, `refusing to reload: ${pidfile} (from the name and pidfile parameters) does not exist here; `
      + 'a change of name or pidfile needs a restart (Pacemaker stops the old instance and starts the new one)');
  }
  return startOrReload(context, true);
}

export async function monitor(context: PingContext): Promise<OcfExit> {
  const { params, env, log } = context;
  const pidfile = pidfilePath(params, env, context.instance);
  if (!pidfileExists(pidfile)) return OcfExit.NotRunning;

  if (params.mode === 'daemon') {
    const pid = runningDaemon(pidfile);
    if (pid === undefined) {
      if (!context.isProbe) log.err(`ping daemon of ${pidfile} is not running`);
      return OcfExit.NotRunning;
    }
    const config = loadPingConfig(context);
    const reading = readDaemonState(stateFilePath(pidfile));
    const problem = stateFileProblem(pid, reading) ?? daemonProblem(config, pid, reading.state, monotonicMs());
    if (problem !== undefined) throw new OcfError(OcfExit.ErrGeneric, problem);
    daemonScoreCheck(config, reading.state);
    return OcfExit.Success;
  }

  try {
    const config = loadPingConfig(context);
    await updateOnce(context, config, false);
  } catch (error) {
    // A probe on a node that lacks the configuration or the tools reports "not running".
    if (context.isProbe && error instanceof OcfError && (error.code === OcfExit.ErrConfigured || error.code === OcfExit.ErrInstalled)) {
      log.warn(`probe: ${error.reason}`);
      return OcfExit.NotRunning;
    }
    throw error;
  }
  return OcfExit.Success;
}

export async function stop(context: PingContext): Promise<OcfExit> {
  const { params, env, log, deadline } = context;
  const pidfile = pidfilePath(params, env, context.instance);
  const pid = runningDaemon(pidfile);
  if (pid !== undefined) {
    if (!(await terminateDaemon(pid, pidfile, deadline))) {
      throw new OcfError(OcfExit.ErrGeneric, `ping daemon ${pid} (${pidfile}) survived SIGTERM and SIGKILL`);
    }
    log.info(`ping daemon ${pid} ended`);
  }
  removeFile(pidfile);
  removeFile(stateFilePath(pidfile));
  const attributeProblem = attributeNameProblem(params.name);
  if (attributeProblem !== undefined) {
    // start refuses such a name: no attribute of that name was set by this resource.
    log.warn(`parameter "name": ${attributeProblem}; no node attribute to delete`);
    return OcfExit.Success;
  }
  try {
    await deleteNodeAttribute(params.name, { dampen: formatDampen(params.dampen) }, { deadline, log });
  } catch (error) {
    if (!(error instanceof AttrdError)) throw error;
    log.warn(`${error.message} (stop carries on)`);
  }
  return OcfExit.Success;
}

/** validate-all: the configuration, and with OCF_CHECK_LEVEL=10 the pidfile directory and the tools. */
export async function validate(context: PingContext): Promise<void> {
  const config = loadPingConfig(context);
  const { log } = context;
  if (!config.pidfile.startsWith('/')) log.warn(`You should use an absolute path for pidfile not: ${config.pidfile}`);
  if (context.meta.checkLevel >= 10) {
    requireTool(config);
    try {
      accessSync(dirname(config.pidfile), constants.W_OK);
    } catch {
      throw new OcfError(OcfExit.ErrArgs, `Invalid location for 'state': ${dirname(config.pidfile)} is not writable`);
    }
  }
}

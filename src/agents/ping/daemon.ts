/**
 * The ping daemon (mode=daemon), like the old pingd: every `interval` it probes the hosts and,
 * only when the score changed, hands the new value to attrd with the dampening; after every
 * round it records its heartbeat in <pidfile>.state. It exits when its pidfile stops naming it
 * (stopped or replaced), on SIGTERM, or when its configuration cannot be read.
 */
import { AttrdError, updateNodeAttribute } from '../../lib/cluster/attrd.js';
import { Deadline, OcfError, Logger, parseParameters, readCrmMeta } from '../../lib/ocf/index.js';
import { loadPingConfig, stateFilePath, type PingConfig } from './config.js';
import { describeConnectivity, measureConnectivity, measurementBoundMs, unreachableHosts } from './connectivity.js';
import { pingParameters } from './parameters.js';
import { monotonicMs, readPid, writeDaemonState, type DaemonState } from './run-files.js';

type Env = Readonly<Record<string, string | undefined>>;

/** How long the daemon waits, after it starts, for the agent to write its PID into the pidfile. */
const PIDFILE_WAIT_MS = 5000;
const ATTRD_CALL_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function waitForPidfile(pidfile: string): Promise<boolean> {
  const until = monotonicMs() + PIDFILE_WAIT_MS;
  while (monotonicMs() < until) {
    if (readPid(pidfile) === process.pid) return true;
    await sleep(20);
  }
  return readPid(pidfile) === process.pid;
}

class PingDaemon {
  private state: DaemonState;
  private written: number | undefined;

  constructor(private readonly config: PingConfig, private readonly log: Logger) {
    this.state = {
      pid: process.pid, startedMonotonicMs: monotonicMs(), lastProbeMonotonicMs: undefined, lastProbeAt: undefined,
      rounds: 0, score: undefined, reachable: undefined, total: undefined, unreachable: [], written: undefined,
      probeError: undefined, attrdError: undefined, fatal: undefined,
    };
  }

  /** Keep the state; write it only while the pidfile still names this daemon (never over a successor's). */
  private record(changes: Partial<DaemonState>): void {
    this.state = { ...this.state, ...changes };
    if (readPid(this.config.pidfile) !== process.pid) return;
    writeDaemonState(stateFilePath(this.config.pidfile), this.state);
  }

  fail(reason: string): void {
    this.log.err(`ping daemon exits: ${reason}`);
    this.record({ fatal: reason });
  }

  /** One round: measure, write the attribute if the score changed, record the heartbeat. */
  async round(): Promise<void> {
    const { config, log } = this;
    let probeError: string | undefined;
    let attrdError = this.state.attrdError;
    let measured: Partial<DaemonState> = {};
    try {
      const connectivity = await measureConnectivity(config, { deadline: new Deadline(measurementBoundMs(config) + 1000), log });
      measured = {
        score: connectivity.score, reachable: connectivity.reachable, total: connectivity.total,
        unreachable: unreachableHosts(connectivity),
      };
      if (connectivity.score !== this.written) {
        try {
          await updateNodeAttribute(config.attribute, String(connectivity.score), {
            dampen: config.dampen, setDampen: this.written === undefined,
          }, { deadline: new Deadline(ATTRD_CALL_MS), log });
          const before = this.written;
          this.written = connectivity.score;
          attrdError = undefined;
          log.info(`${config.attribute} ${before === undefined ? 'set to' : `changed from ${before} to`} ${connectivity.score}: ${describeConnectivity(connectivity)}`);
        } catch (error) {
          if (!(error instanceof AttrdError)) throw error;
          attrdError = error.message;
          log.err(error.message);
        }
      } else if (config.debug >= 1) {
        log.debug(`${config.attribute} unchanged at ${connectivity.score}`);
      }
    } catch (error) {
      probeError = error instanceof OcfError ? error.reason : error instanceof Error ? error.message : String(error);
      log.err(`probe failed: ${probeError}`);
    }
    this.record({
      ...measured, probeError, attrdError, written: this.written,
      rounds: this.state.rounds + 1, lastProbeMonotonicMs: monotonicMs(), lastProbeAt: new Date().toISOString(),
    });
  }

  async run(): Promise<void> {
    for (;;) {
      if (readPid(this.config.pidfile) !== process.pid) {
        this.log.info(`pidfile ${this.config.pidfile} no longer names this daemon (pid ${process.pid}); exiting`);
        return;
      }
      const started = monotonicMs();
      await this.round();
      await sleep(this.config.intervalMs - (monotonicMs() - started));
    }
  }
}

/** Entry point of the daemon process: argv is [DAEMON_FLAG, pidfile]. Never returns normally. */
export async function runPingDaemon(argv: readonly string[], env: Env): Promise<never> {
  const pidfile = argv[1] ?? '';
  const log = new Logger({ env, program: 'ping', interactive: false, writeStderr: () => undefined });
  const exit = async (code: number): Promise<never> => {
    await log.close();
    process.exit(code);
  };
  process.on('SIGTERM', () => { void exit(0); });
  process.on('SIGINT', () => { void exit(0); });
  process.on('SIGHUP', () => undefined);

  if (!(await waitForPidfile(pidfile))) {
    log.err(`ping daemon exits: the pidfile ${pidfile} did not name this process (${process.pid}) within ${PIDFILE_WAIT_MS / 1000} s`);
    return exit(1);
  }
  const parsed = parseParameters(pingParameters, env);
  let config: PingConfig;
  try {
    config = loadPingConfig({
      params: parsed.values, given: parsed.given, env, meta: readCrmMeta(env),
      instance: env.OCF_RESOURCE_INSTANCE ?? 'ping', log,
    });
  } catch (error) {
    const reason = error instanceof OcfError ? error.reason : String(error);
    log.err(`ping daemon cannot start: ${reason}`);
    writeDaemonState(stateFilePath(pidfile), {
      pid: process.pid, startedMonotonicMs: monotonicMs(), lastProbeMonotonicMs: undefined, lastProbeAt: undefined,
      rounds: 0, score: undefined, reachable: undefined, total: undefined, unreachable: [], written: undefined,
      probeError: undefined, attrdError: undefined, fatal: reason,
    });
    return exit(1);
  }
  if (config.pidfile !== pidfile) {
    log.err(`ping daemon started for ${pidfile} but its configuration says ${config.pidfile}; exiting`);
    return exit(1);
  }
  const daemon = new PingDaemon(config, log);
  log.info(`ping daemon ${process.pid} started: ${config.hosts.length} host(s) every ${config.intervalMs / 1000} s with ${config.tool}, attribute ${config.attribute}`);
  try {
    await daemon.run();
    return await exit(0);
  } catch (error) {
    daemon.fail(error instanceof Error ? error.message : String(error));
    return exit(1);
  }
}

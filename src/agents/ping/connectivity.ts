/**
 * One measurement: resolve the hosts (bounded), probe them all at once, count the reachable
 * ones, score = reachable × multiplier. Used by monitor/start in probe mode and by each round
 * of the daemon.
 */
import { probeHosts, ProbeToolError, resolveHosts, type HostProbeResult, type RunCommand } from '../../lib/net/index.js';
import { OcfError, OcfExit, type Deadline, type Logger } from '../../lib/ocf/index.js';
import { requireTool, type PingConfig } from './config.js';

export interface Connectivity {
  readonly score: number;
  readonly reachable: number;
  readonly total: number;
  readonly hosts: readonly HostProbeResult[];
}

/** The longest we wait for host names to resolve (all together). */
export const RESOLVE_WAIT_MS = 2000;

export function resolveWaitMs(config: PingConfig): number {
  return Math.min(RESOLVE_WAIT_MS, config.timeoutSeconds * 1000);
}

/** How long one measurement may take at most: name lookups, then the probe and its grace. */
export function measurementBoundMs(config: PingConfig): number {
  return resolveWaitMs(config) + config.timeoutSeconds * 1000 + 2000 + 10 * config.hosts.length;
}

export function unreachableHosts(connectivity: Connectivity): string[] {
  return connectivity.hosts.filter((host) => !host.reachable).map((host) => host.host);
}

export interface MeasureOptions {
  readonly deadline: Deadline;
  readonly log: Logger;
  readonly run?: RunCommand;
}

export async function measureConnectivity(config: PingConfig, options: MeasureOptions): Promise<Connectivity> {
  const { log } = options;
  const toolPath = requireTool(config);
  const resolved = await resolveHosts(config.hosts, {
    waitMs: Math.min(resolveWaitMs(config), options.deadline.remainingMs() / 4),
  });
  for (const host of resolved) {
    if (host.address === undefined) log.warn(`host "${host.host}" in host_list does not resolve (${host.unresolved}); counted as unreachable`);
  }
  let report;
  try {
    report = await probeHosts(resolved, {
      tool: config.tool,
      command: toolPath,
      attempts: config.attempts,
      timeoutSeconds: config.timeoutSeconds,
      options: config.options,
      deadline: options.deadline,
      log,
      run: options.run,
    });
  } catch (error) {
    if (error instanceof ProbeToolError) {
      throw new OcfError(error.kind === 'missing' ? OcfExit.ErrInstalled : OcfExit.ErrGeneric, `cannot probe the hosts: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (config.debug >= 2) for (const line of report.transcript) log.info(line);
  if (config.debug >= 1) {
    for (const host of report.hosts) {
      if (!host.reachable && host.address !== undefined) log.warn(`${host.host} is inactive: ${host.detail}`);
    }
  }
  return {
    score: report.reachable * config.multiplier,
    reachable: report.reachable,
    total: report.hosts.length,
    hosts: report.hosts,
  };
}

/** "2 of 3 hosts reachable (unreachable: gw2 (no reply))" */
export function describeConnectivity(connectivity: Connectivity): string {
  const down = connectivity.hosts.filter((host) => !host.reachable);
  const list = down.map((host) => `${host.host} (${host.detail})`).join(', ');
  return `${connectivity.reachable} of ${connectivity.total} hosts reachable${down.length > 0 ? ` (unreachable: ${list})` : ''}`;
}

/** "unreachable: gw2, 10.0.0.3" — short enough for an exit reason (Pacemaker shows ~128 characters). */
export function summarizeUnreachable(unreachable: readonly string[]): string {
  return unreachable.length === 0 ? 'all hosts reachable' : `unreachable: ${unreachable.join(', ')}`;
}

/** OcfError when the score is below failure_score. */
export function checkFailureScore(config: PingConfig, connectivity: { readonly score: number }, detail: string): void {
  if (config.failureScore !== undefined && connectivity.score < config.failureScore) {
    throw new OcfError(OcfExit.ErrGeneric, `${config.attribute}=${connectivity.score} is less than failure_score(${config.failureScore}): ${detail}`);
  }
}


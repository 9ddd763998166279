/**
 * start: create the domain from its config file and return once monitor would say it runs.
 * Idempotent; bounded by the op deadline; never edits the config file.
 */
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { createArgs } from '../../lib/xen/toolstack.js';
import { formatSeconds } from '../../lib/runtime/index.js';
import { rebalanceMemory } from './memory.js';
import { monitorScriptList, runMonitorScripts } from './monitor-scripts.js';
import { configFileExists, requireToolstack, resolveDomain, type XenContext } from './session.js';
import { describeStatus, type DomainStatus, type XenHost } from './xen-host.js';

/** Time kept after `create` to see the domain come up. */
const AFTER_CREATE_RESERVE_MS = 2000;
/** A domain that stays unlisted this long after a successful create has died (crash at boot). */
const VANISHED_AFTER_CREATE_MS = 5000;
const POLL_INTERVALS_MS = [100, 200, 300, 500, 1000];
/** Kept at the end of start for the last look at the domain (and its monitor scripts). */
const LAST_LOOK_RESERVE_MS = 300;

export async function start(context: XenContext): Promise<OcfExit> {
  const { params, log, deadline } = context;
  const host = requireToolstack(context);
  const domain = resolveDomain(context, true).name;

  const before = await host.domainStatus(domain, deadline);
  switch (before.kind) {
    case 'present':
      if (before.condition === 'running' || before.condition === 'paused') {
        log.info(`Xen domain ${domain} already running${before.condition === 'paused' ? ' (paused)' : ''}.`);
        return OcfExit.Success;
      }
      throw new OcfError(OcfExit.ErrGeneric,
        `domain ${domain} already exists but is ${describeStatus(before)}; it must be stopped (destroyed) before it can start again`);
    case 'no-hypervisor':
      throw new OcfError(OcfExit.ErrInstalled, `cannot start domain ${domain}: ${before.detail}`);
    case 'unknown':
      throw new OcfError(OcfExit.ErrGeneric, `cannot tell whether domain ${domain} already runs: ${before.detail}`);
    case 'absent':
      break;
  }

  if (!configFileExists(params.xmfile)) {
    throw new OcfError(OcfExit.ErrInstalled, `Config file ${params.xmfile} for ${domain} does not exist.`);
  }

  let memoryMib: number | undefined;
  if (params.allow_mem_management) {
    memoryMib = await rebalanceMemory(host, params.reserved_Dom0_memory, 1, deadline.sub(deadline.remainingMs() / 3), log);
    if (memoryMib !== undefined) log.info(`New memory for virtual domains: ${memoryMib}`);
  }

  log.info(`starting Xen domain ${domain} from ${params.xmfile}`);
  const created = await host.run(createArgs(host.toolstack.kind, params.xmfile, domain, memoryMib),
    deadline.sub(deadline.remainingMs(), AFTER_CREATE_RESERVE_MS));
  if (created.exitCode !== 0) {
    throw new OcfError(OcfExit.ErrGeneric, `failed to create domain ${domain}: ${describeFailure(created)}`);
  }
  return waitUntilRunning(context, host, domain);
}

/** Poll until the domain runs and the monitor scripts pass; fail with the last reason at the deadline. */
async function waitUntilRunning(context: XenContext, host: XenHost, domain: string): Promise<OcfExit> {
  const { params, log, deadline } = context;
  const scripts = monitorScriptList(params.monitor_scripts);
  const waitStarted = performance.now();
  // Polls end a little before the deadline so that the last look can finish.
  const polling = deadline.sub(deadline.remainingMs(), LAST_LOOK_RESERVE_MS);
  let lastProblem: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const status: DomainStatus = await host.domainStatus(domain, deadline);
    if (status.kind === 'present' && (status.condition === 'running' || status.condition === 'paused')) {
      const failure = scripts.length > 0 ? await runMonitorScripts(scripts, deadline, log) : undefined;
      if (failure === undefined) {
        log.info(`Xen domain ${domain} started (${describeStatus(status)}).`);
        return OcfExit.Success;
      }
      // A script cut off by the deadline says less than the failure seen before it.
      if (!failure.timedOut || lastProblem === undefined) lastProblem = `it runs, but ${failure.reason}`;
    } else if (status.kind === 'present' && status.condition === 'crashed') {
      throw new OcfError(OcfExit.ErrGeneric, `domain ${domain} crashed right after it was created (${host.tool} state ${status.entry.state})`);
    } else if (status.kind === 'absent' && performance.now() - waitStarted > VANISHED_AFTER_CREATE_MS) {
      throw new OcfError(OcfExit.ErrGeneric,
        `domain ${domain} was created but has not been listed for ${formatSeconds(VANISHED_AFTER_CREATE_MS)} (did it crash while booting? see the Xen logs)`);
    } else if (status.kind !== 'unknown' || lastProblem === undefined) {
      lastProblem = `it is ${describeStatus(status)}`;
    }
    if (polling.expired) break;
    await polling.sleep(POLL_INTERVALS_MS[Math.min(attempt, POLL_INTERVALS_MS.length - 1)]);
    if (polling.expired) break;
  }
  throw new OcfError(OcfExit.ErrGeneric,
    `domain ${domain} was created but did not come up within the start timeout: ${lastProblem ?? 'it was never listed'}`);
}

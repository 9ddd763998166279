/**
 * monitor and status: is the domain running here?
 *
 * - running (r, b or idle) → 0; paused → 0 with a warning (the domain still holds its disks and
 *   memory here; starting it elsewhere would run it twice);
 * - not listed → 7;
 * - crashed, dying, or shut down but not cleaned up → 1, with the reason;
 * - the toolstack fails or hangs → 1 (the state is unknown; "not running" could get the guest
 *   started twice).
 *
 * Probes report what they see at once. Recurring monitors give a guest that is briefly missing
 * or in transition (an in-guest reboot: shutdown, destroy, re-create) up to 5 s to come back,
 * as the reference's retry does, but never past the deadline.
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { formatSeconds } from '../../lib/runtime/index.js';
import { monitorScriptList, runMonitorScripts } from './monitor-scripts.js';
import { findToolstack, refuseBlindnessOnDom0, resolveDomain, type XenContext } from './session.js';
import { updateUtilization } from './utilization.js';
import { describeStatus, type DomainStatus, type XenHost } from './xen-host.js';

/** How long a recurring monitor waits for a missing guest to come back. */
export const VANISH_WINDOW_MS = 5000;
const VANISH_POLL_MS = 500;
/** Kept after the vanish window for utilization and monitor scripts. */
const AFTER_WINDOW_RESERVE_MS = 1000;

function isUp(status: DomainStatus): boolean {
  return status.kind === 'present' && (status.condition === 'running' || status.condition === 'paused');
}

/** Throws for states that are failures; returns 0 or 7. */
export function verdict(domain: string, host: XenHost, status: DomainStatus): OcfExit {
  switch (status.kind) {
    case 'absent':
    case 'no-hypervisor':
      return OcfExit.NotRunning;
    case 'unknown':
      throw new OcfError(OcfExit.ErrGeneric, `cannot tell whether domain ${domain} runs: ${status.detail}`);
    case 'present':
      switch (status.condition) {
        case 'running':
        case 'paused':
          return OcfExit.Success;
        case 'crashed':
          throw new OcfError(OcfExit.ErrGeneric, `domain ${domain} has crashed (${host.tool} state ${status.entry.state})`);
        case 'dying':
          throw new OcfError(OcfExit.ErrGeneric, `domain ${domain} is dying (${host.tool} state ${status.entry.state}): it is being destroyed and is not running`);
        case 'shutdown':
          throw new OcfError(OcfExit.ErrGeneric, `domain ${domain} has shut down but was not cleaned up (${host.tool} state ${status.entry.state})`);
      }
  }
}

/** The domain's status; recurring monitors wait out a brief disappearance. */
async function observe(context: XenContext, host: XenHost, domain: string): Promise<DomainStatus> {
  const { deadline, log } = context;
  let status = await host.domainStatus(domain, deadline);
  if (context.isProbe || isUp(status) || status.kind === 'no-hypervisor') return status;
  const window = deadline.sub(VANISH_WINDOW_MS, AFTER_WINDOW_RESERVE_MS);
  if (window.remainingMs() <= 0) return status;
  log.warn(`domain ${domain} reported as ${describeStatus(status)}, but it is expected to be running! Retrying for up to ${formatSeconds(window.remainingMs())} ...`);
  while (!isUp(status) && window.remainingMs() > 0) {
    await window.sleep(VANISH_POLL_MS);
    status = await host.domainStatus(domain, deadline.sub(window.remainingMs() + AFTER_WINDOW_RESERVE_MS / 2));
  }
  if (isUp(status)) log.info(`domain ${domain} is back (${describeStatus(status)})`);
  return status;
}

export async function monitor(context: XenContext): Promise<OcfExit> {
  const { params, log, deadline, isProbe } = context;
  const finding = findToolstack(context, true);
  const choice = resolveDomain(context, false);
  const domain = choice.name;
  if (finding.host === undefined) {
    if (isProbe) {
      refuseBlindnessOnDom0(context, finding.missing ?? 'no Xen toolstack found', domain);
      log.debug(`${finding.missing}: domain ${domain} cannot run here`);
      return OcfExit.NotRunning;
    }
    throw new OcfError(OcfExit.ErrInstalled, `${finding.missing}: cannot monitor domain ${domain}`);
  }
  const host = finding.host;
  const status = await observe(context, host, domain);
  if (status.kind === 'no-hypervisor') refuseBlindnessOnDom0(context, `${host.tool} finds no Xen hypervisor (${status.detail})`, domain);
  const code = verdict(domain, host, status);
  if (code === OcfExit.NotRunning) {
    if (!isProbe) {
      log.exitReason(status.kind === 'no-hypervisor'
        ? `Xen domain ${domain} stopped: ${status.detail}`
        : `Xen domain ${domain} stopped (not listed by ${host.tool})`);
    }
    return code;
  }
  if (status.kind !== 'present') return code;
  if (status.condition === 'paused') log.warn(`domain ${domain} is paused (${host.tool} state ${status.entry.state}); reported as running`);
  if (params.autoset_utilization_cpu || params.autoset_utilization_hv_memory) {
    await updateUtilization(context.instance, status.entry, {
      cpu: params.autoset_utilization_cpu, hvMemory: params.autoset_utilization_hv_memory,
    }, deadline, log);
  }
  const scripts = monitorScriptList(params.monitor_scripts);
  if (scripts.length > 0) {
    const failure = await runMonitorScripts(scripts, deadline, log);
    if (failure !== undefined) throw new OcfError(OcfExit.ErrGeneric, `domain ${domain} runs, but ${failure.reason}`);
  }
  return OcfExit.Success;
}

/** status: the raw state, 0 / 7 / 1, without retries, scripts or utilization. */
export async function status(context: XenContext): Promise<OcfExit> {
  const finding = findToolstack(context, true);
  const domain = resolveDomain(context, false).name;
  if (finding.host === undefined) {
    refuseBlindnessOnDom0(context, finding.missing ?? 'no Xen toolstack found', domain);
    return OcfExit.NotRunning;
  }
  const seen = await finding.host.domainStatus(domain, context.deadline);
  if (seen.kind === 'no-hypervisor') refuseBlindnessOnDom0(context, `${finding.host.tool} finds no Xen hypervisor (${seen.detail})`, domain);
  return verdict(domain, finding.host, seen);
}

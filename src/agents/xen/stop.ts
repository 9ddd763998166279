/**
 * stop: make sure the domain does not run here, and say so only once that is verified.
 *
 * 1. One `list` of all domains: the domain and its migration copies (xl's `--incoming` /
 *    `--migratedaway`, xm's `migrating-`). None present → success at once, nothing destroyed.
 * 2. Migration copies are destroyed at once (the guest proper is elsewhere or nowhere).
 * 3. A running domain gets an orderly shutdown (or the ACPI power button) for at most the
 *    planned time (planStop), then destroy, repeated while time remains, then verification.
 * 4. Still present at the deadline → failure with the reason (the cluster fences: that is
 *    right, a false success could run the guest twice).
 * A bad parameter never fails stop: the core hands it the defaults (and logged a warning).
 */
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit, type Deadline } from '../../lib/ocf/index.js';
import { destroyArgs, gracefulShutdownArgs, migrationCopyNames } from '../../lib/xen/toolstack.js';
import { formatSeconds } from '../../lib/runtime/index.js';
import { rebalanceMemory } from './memory.js';
import { findToolstack, refuseBlindnessOnDom0, resolveDomain, type XenContext } from './session.js';
import { planStop } from './stop-plan.js';
import { describeStatus, statusInListing, type DomainListing, type DomainStatus, type XenHost } from './xen-host.js';

/** Bound of one destroy call. */
const DESTROY_CALL_MS = 10_000;
/** How long to watch for the domain to disappear after each destroy before sending another. */
const DESTROY_VERIFY_MS = 3000;
const POLL_INTERVALS_MS = [100, 100, 100, 200, 200, 300, 500];
/** Kept at the end of stop for the last look at the domain. */
const LAST_CHECK_RESERVE_MS = 500;
const MEMORY_REBALANCE_MS = 10_000;
/** xl shutdown of an HVM guest without PV drivers (xl_vmcontrol.c). */
const PV_CONTROL_MISSING = /PV control interface not available/;

function pollInterval(attempt: number): number {
  return POLL_INTERVALS_MS[Math.min(attempt, POLL_INTERVALS_MS.length - 1)];
}

/** `list` until it answers or the deadline passes; each try gets at most a third of what is left (min 5 s). */
async function listUntilAnswered(host: XenHost, deadline: Deadline): Promise<DomainListing> {
  let answered: DomainListing | undefined;
  for (;;) {
    const attempt = deadline.sub(Math.max(5000, deadline.remainingMs() / 3));
    const listing = await host.listAll(attempt);
    if (listing.kind !== 'unknown') return listing;
    // An attempt the deadline cut short says less than the last one that ran to its end:
    // report that one ("the listing cannot be complete"), not "did not finish in time".
    if (deadline.expired) return attempt.expired && answered !== undefined ? answered : listing;
    if (!attempt.expired) answered = listing;
    await deadline.sleep(500);
    if (deadline.expired) return answered ?? listing;
  }
}

class DomainStopper {
  constructor(
    private readonly context: XenContext,
    private readonly host: XenHost,
  ) {}

  /** Orderly shutdown within `window`; true when the domain is gone. */
  async shutDown(domain: string, window: Deadline, capped: boolean): Promise<boolean> {
    const { log, params } = this.context;
    const how = params.shutdown_acpi ? 'ACPI power button' : 'shutdown';
    log.info(`Xen domain ${domain} will be stopped (timeout: ${formatSeconds(window.remainingMs())}, ${how}${capped
      ? '; shutdown_timeout shortened to leave time to destroy and verify within the stop timeout' : ''})`);
    let request = await this.host.run(gracefulShutdownArgs(domain, params.shutdown_acpi), window);
    if (request.exitCode !== 0 && !params.shutdown_acpi && PV_CONTROL_MISSING.test(request.stderr)) {
      // An HVM guest without PV drivers: the ACPI power button is the orderly way (what xl shutdown -F does).
      log.info(`${domain} has no PV control interface: sending the ACPI power button event instead`);
      request = await this.host.run(gracefulShutdownArgs(domain, true), window);
    }
    if (request.exitCode !== 0) {
      log.warn(`orderly shutdown of ${domain} could not be requested: ${describeFailure(request)}`);
      return false;
    }
    // Look at once (a guest may be gone already), then at growing intervals until the window closes.
    for (let attempt = 0; ; attempt++) {
      const status = await this.host.domainStatus(domain, this.context.deadline.sub(DESTROY_CALL_MS, LAST_CHECK_RESERVE_MS));
      // Only the toolstack's "no such domain" is gone: the listing just showed the domain, so a
      // sudden "no hypervisor" is a failure to look, not an absence.
      if (status.kind === 'absent') return true;
      if (status.kind === 'present' && (status.condition === 'shutdown' || status.condition === 'crashed')) {
        log.info(`domain ${domain} is ${describeStatus(status)}: destroying what is left of it`);
        return false;
      }
      log.debug(`${domain} still not stopped (${describeStatus(status)}). Waiting...`);
      if (window.expired) break;
      await window.sleep(pollInterval(attempt));
    }
    log.warn(`domain ${domain} did not shut down within ${formatSeconds(window.budgetMs)}`);
    return false;
  }

  /** Destroy until gone or the deadline; throws when the domain is still there at the end. */
  async destroy(domain: string): Promise<void> {
    const { log, deadline } = this.context;
    const began = performance.now();
    // The last status the toolstack answered (a call cut off by the deadline says nothing new).
    let status: DomainStatus = { kind: 'unknown', detail: 'not checked yet' };
    let attempts = 0;
    while (deadline.remainingMs() > LAST_CHECK_RESERVE_MS) {
      attempts += 1;
      log.warn(`Xen domain ${domain} will be destroyed!`);
      const result = await this.host.run(destroyArgs(domain), deadline.sub(DESTROY_CALL_MS, LAST_CHECK_RESERVE_MS));
      if (result.exitCode !== 0) log.warn(describeFailure(result));
      const verify = deadline.sub(DESTROY_VERIFY_MS, LAST_CHECK_RESERVE_MS);
      for (let poll = 0; ; poll++) {
        const seen = await this.host.domainStatus(domain, deadline.sub(DESTROY_CALL_MS));
        if (seen.kind === 'absent') return;
        if (seen.kind === 'present' || status.kind === 'unknown') status = seen;
        if (verify.expired) break;
        await verify.sleep(pollInterval(poll));
      }
    }
    throw new OcfError(OcfExit.ErrGeneric,
      `domain ${domain} is still present (${describeStatus(status)}) after ${attempts} destroy attempt(s) over ${formatSeconds(performance.now() - began)}; `
      + 'it cannot be stopped on this node');
  }
}

export async function stop(context: XenContext): Promise<OcfExit> {
  const { params, log, deadline, meta } = context;
  const finding = findToolstack(context, true);
  const domain = resolveDomain(context, false).name;
  if (finding.host === undefined) {
    refuseBlindnessOnDom0(context, finding.missing ?? 'no Xen toolstack found', domain);
    log.info(`${finding.missing}: no domain can run on this node; Xen domain ${domain} is stopped`);
    return OcfExit.Success;
  }
  const host = finding.host;
  const listing = await listUntilAnswered(host, deadline);
  if (listing.kind === 'no-hypervisor') {
    refuseBlindnessOnDom0(context, `${host.tool} finds no Xen hypervisor (${listing.detail})`, domain);
    log.info(`no Xen hypervisor on this node (${listing.detail}): Xen domain ${domain} is stopped`);
    return OcfExit.Success;
  }
  if (listing.kind === 'unknown') {
    throw new OcfError(OcfExit.ErrGeneric, `cannot tell whether domain ${domain} is stopped: ${listing.detail}`);
  }
  const main = statusInListing(listing.entries, domain);
  const copies = migrationCopyNames(host.toolstack.kind, domain).filter((name) => statusInListing(listing.entries, name).kind === 'present');
  if (main.kind !== 'present' && copies.length === 0) {
    log.info(`Xen domain ${domain} already stopped.`);
    return OcfExit.Success;
  }

  const stopper = new DomainStopper(context, host);
  for (const copy of copies) {
    log.info(`Xen domain ${domain} is migrating: destroying its migration copy ${copy}`);
    await stopper.destroy(copy);
  }
  if (main.kind === 'present') {
    const plan = planStop(deadline.remainingMs(), meta.timeoutMs ?? deadline.budgetMs, params.shutdown_timeout);
    let gone = false;
    if (main.condition !== 'running') {
      log.info(`domain ${domain} is ${describeStatus(main)}: no orderly shutdown possible`);
    } else if (plan.gracefulMs <= 0) {
      log.info(`Xen domain ${domain} will be destroyed at once (${params.shutdown_timeout === 0 ? 'shutdown_timeout=0' : 'no time left for an orderly shutdown'})`);
    } else {
      gone = await stopper.shutDown(domain, deadline.sub(plan.gracefulMs), plan.capped);
    }
    if (!gone) await stopper.destroy(domain);
  }
  log.info(`Xen domain ${domain} stopped.`);

  if (params.allow_mem_management) {
    await rebalanceMemory(host, params.reserved_Dom0_memory, 0, deadline.sub(MEMORY_REBALANCE_MS), log);
  }
  return OcfExit.Success;
}

/**
 * Live migration. migrate_to runs on the source and sends the domain to the target's address
 * (node attribute, else node name plus suffix); migrate_from runs on the target afterwards and
 * waits, bounded, until the domain runs there under its own name.
 */
import { queryNodeAttribute } from '../../lib/cluster/crm-attribute.js';
import { describeFailure } from '../../lib/exec/index.js';
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { incomingMigrationName, migrateArgs } from '../../lib/xen/toolstack.js';
import { formatSeconds } from '../../lib/runtime/index.js';
import { rebalanceMemory } from './memory.js';
import { chooseMigrationAddress } from './migration-address.js';
import { requireToolstack, resolveDomain, type XenContext } from './session.js';
import { describeStatus, statusInListing, type DomainStatus } from './xen-host.js';

const ATTRIBUTE_QUERY_MS = 10_000;
/** Kept after the migrate command to check where the domain is. */
const AFTER_MIGRATE_RESERVE_MS = 1500;
const MEMORY_REBALANCE_MS = 10_000;
/**
 * migrate_from runs after migrate_to has returned, so the domain (or xl's `--incoming` copy)
 * should be here already: when neither shows up for this long, the migration failed.
 */
export const NO_TRACE_MS = 5000;
const POLL_INTERVALS_MS = [100, 200, 300, 500, 1000];
/** Kept at the end of migrate_from for the last look. */
const LAST_LOOK_RESERVE_MS = 300;

function isUp(status: DomainStatus): boolean {
  return status.kind === 'present' && (status.condition === 'running' || status.condition === 'paused');
}

export async function migrateTo(context: XenContext): Promise<OcfExit> {
  const { params, log, deadline, meta } = context;
  const host = requireToolstack(context);
  const domain = resolveDomain(context, true).name;
  const before = await host.domainStatus(domain, deadline);
  if (!isUp(before)) {
    throw new OcfError(OcfExit.ErrGeneric, `${domain}: migrate_to: Not active locally! (${describeStatus(before)})`);
  }
  const target = meta.migrateTarget;
  if (target === undefined) {
    throw new OcfError(OcfExit.ErrGeneric, `${domain}: migrate_to needs the target node (OCF_RESKEY_CRM_meta_migrate_target is not set)`);
  }
  let attribute: { name: string; value: string | undefined } | undefined;
  if (params.node_ip_attribute !== undefined && params.node_ip_attribute !== '') {
    const reading = await queryNodeAttribute(target, params.node_ip_attribute, { deadline: deadline.sub(ATTRIBUTE_QUERY_MS), log });
    if (reading.kind === 'failed') log.warn(`cannot read node attribute ${params.node_ip_attribute} of ${target}: ${reading.detail}`);
    attribute = { name: params.node_ip_attribute, value: reading.kind === 'value' ? reading.value : undefined };
  }
  const { address, origin } = chooseMigrationAddress(target, attribute, params.migration_network_suffix);
  log.info(`${domain}: Starting ${host.toolstack.path} migrate to ${target} (address ${address}, from the ${origin})`);
  const result = await host.run(migrateArgs(host.toolstack.kind, domain, address), deadline.sub(deadline.remainingMs(), AFTER_MIGRATE_RESERVE_MS));
  const after = await host.domainStatus(domain, deadline);
  if (result.exitCode !== 0) {
    throw new OcfError(OcfExit.ErrGeneric,
      `${domain}: ${host.tool} migrate to ${target} (address ${address}) failed: ${describeFailure(result)}; here the domain is now ${describeStatus(after)}`);
  }
  if (isUp(after)) {
    throw new OcfError(OcfExit.ErrGeneric,
      `${domain}: ${host.tool} migrate to ${target} (address ${address}) exited 0, but the domain still runs here (${describeStatus(after)})`);
  }
  if (params.allow_mem_management) await rebalanceMemory(host, params.reserved_Dom0_memory, 0, deadline.sub(MEMORY_REBALANCE_MS), log);
  log.info(`${domain}: ${host.tool} migrate to ${target} succeeded.`);
  return OcfExit.Success;
}

export async function migrateFrom(context: XenContext): Promise<OcfExit> {
  const { params, log, deadline, meta } = context;
  const host = requireToolstack(context);
  const domain = resolveDomain(context, true).name;
  const incoming = incomingMigrationName(host.toolstack.kind, domain);
  const source = meta.migrateSource ?? 'the source node';
  const began = performance.now();
  // Polls end a little before the deadline so that the last look can finish.
  const polling = deadline.sub(deadline.remainingMs(), LAST_LOOK_RESERVE_MS);
  let lastSeen = 'not listed';
  let lastTraceAt = began;
  for (let attempt = 0; ; attempt++) {
    const listing = await host.listAll(deadline);
    if (listing.kind === 'listed') {
      const status = statusInListing(listing.entries, domain);
      if (isUp(status)) {
        if (params.allow_mem_management) await rebalanceMemory(host, params.reserved_Dom0_memory, 0, deadline.sub(MEMORY_REBALANCE_MS), log);
        log.info(`${domain}: Active locally, migration successful`);
        return OcfExit.Success;
      }
      if (status.kind === 'present' && status.condition === 'crashed') {
        throw new OcfError(OcfExit.ErrGeneric, `${domain}: migration from ${source} failed: the domain crashed here (${describeStatus(status)})`);
      }
      const arriving = incoming !== undefined && statusInListing(listing.entries, incoming).kind === 'present';
      if (status.kind === 'present' || arriving) {
        lastTraceAt = performance.now();
        lastSeen = arriving ? `still arriving as ${incoming}` : describeStatus(status);
        log.debug(`${domain}: not yet active locally (${lastSeen}), waiting`);
      } else {
        lastSeen = 'not listed';
        if (performance.now() - lastTraceAt > NO_TRACE_MS) break;
      }
    } else {
      lastSeen = `unknown (${listing.detail})`;
    }
    if (polling.expired) break;
    await polling.sleep(POLL_INTERVALS_MS[Math.min(attempt, POLL_INTERVALS_MS.length - 1)]);
    if (polling.expired) break;
  }
  throw new OcfError(OcfExit.ErrGeneric,
    `${domain}: Not active locally after ${formatSeconds(performance.now() - began)}, migration from ${source} failed! (here the domain is ${lastSeen})`);
}

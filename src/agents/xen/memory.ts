/**
 * allow_mem_management: share the host's memory among the running domains. Best effort, as in
 * the reference: a failure is logged and never fails the action.
 */
import { describeFailure } from '../../lib/exec/index.js';
import type { Deadline, Logger } from '../../lib/ocf/index.js';
import { classifyDomainState, parseTotalMemoryMib } from '../../lib/xen/domain-list.js';
import { infoArgs, memSetArgs } from '../../lib/xen/toolstack.js';
import { balancedMemoryMib } from './memory-plan.js';
import type { XenHost } from './xen-host.js';

const CALL_MS = 10_000;

/**
 * Set every running domain (not Dom0, not `exclude`) to its share, counting `starting` more
 * domains; returns the share, or undefined when it could not be computed.
 */
export async function rebalanceMemory(
  host: XenHost,
  reservedMib: number,
  starting: number,
  deadline: Deadline,
  log: Logger,
  exclude?: string,
): Promise<number | undefined> {
  const listing = await host.listAll(deadline.sub(CALL_MS));
  if (listing.kind !== 'listed') {
    log.warn(`memory management skipped: cannot list domains: ${listing.detail}`);
    return undefined;
  }
  const running = listing.entries.filter((entry) => entry.name !== 'Domain-0' && entry.id !== 0 && entry.name !== exclude
    && !['dying', 'shutdown', 'crashed'].includes(classifyDomainState(entry.state)));
  const info = await host.run(infoArgs(), deadline.sub(CALL_MS));
  const total = info.exitCode === 0 ? parseTotalMemoryMib(info.stdout) : undefined;
  if (total === undefined) {
    log.warn(`memory management skipped: no total_memory from ${host.tool} info${info.exitCode === 0 ? '' : `: ${describeFailure(info)}`}`);
    return undefined;
  }
  const share = balancedMemoryMib(total, reservedMib, running.length, starting);
  if (share === undefined) {
    log.warn(`memory management skipped: ${total} MiB less ${reservedMib} MiB reserved for Dom0 leaves nothing to share`);
    return undefined;
  }
  for (const entry of running) {
    const result = await host.run(memSetArgs(entry.name, share), deadline.sub(CALL_MS));
    if (result.exitCode !== 0) log.warn(`mem-set of ${entry.name} failed: ${describeFailure(result)}`);
  }
  log.info(`Adjusted memory to: ${share}, for the following ${running.length} domains: ${running.map((e) => e.name).join(' ')}`);
  return share;
}

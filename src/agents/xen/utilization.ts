/**
 * autoset_utilization_*: the resource's utilization attributes follow the domain's vCPUs and
 * memory. Written only when they changed; a cluster that cannot be reached is skipped quietly.
 */
import { getUtilization, setUtilization } from '../../lib/cluster/crm-resource.js';
import type { Deadline, Logger } from '../../lib/ocf/index.js';
import type { DomainEntry } from '../../lib/xen/domain-list.js';

const CLUSTER_CALL_MS = 5000;

export interface UtilizationWanted {
  readonly cpu: boolean;
  readonly hvMemory: boolean;
}

export async function updateUtilization(
  resource: string,
  entry: DomainEntry,
  wanted: UtilizationWanted,
  deadline: Deadline,
  log: Logger,
): Promise<void> {
  const updates: Array<[string, number | undefined]> = [];
  if (wanted.cpu) updates.push(['cpu', entry.vcpus]);
  if (wanted.hvMemory) updates.push(['hv_memory', entry.memoryMib]);
  for (const [attribute, value] of updates) {
    if (value === undefined) {
      log.debug(`no ${attribute} value in the domain list: utilization ${attribute} not updated`);
      continue;
    }
    const current = await getUtilization(resource, attribute, { deadline: deadline.sub(CLUSTER_CALL_MS), log });
    if (current.kind === 'not-connected') {
      log.debug(`Unable to get utilization attribute ${attribute}: cib is not available`);
      return;
    }
    if (current.kind === 'failed') {
      log.warn(`Unable to get utilization attribute ${attribute}: ${current.detail}`);
      continue;
    }
    if (current.kind === 'value' && current.value === String(value)) continue;
    const failure = await setUtilization(resource, attribute, String(value), { deadline: deadline.sub(CLUSTER_CALL_MS), log });
    if (failure !== undefined) log.warn(`Unable to set utilization attribute ${attribute}: ${failure}`);
    else log.info(`utilization ${attribute} of ${resource} set to ${value}`);
  }
}

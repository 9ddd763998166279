/**
 * Have the cluster stop or start a resource and wait until it reports the result: set
 * target-role, then poll `crm_resource --locate` until the resource is stopped everywhere (or
 * running). Shared by the Dom0-side helper of external/xen0-ha and xenha-fence-virtd: a DomU is
 * fenced by the Dom0 cluster stopping its Xen resource, so that the cluster knows and does not
 * restart it.
 */
import type { Deadline } from '../runtime/deadline.js';
import { locateResource, setTargetRole, type ResourceLocation, type TargetRole } from './resource-role.js';

export type DriveResult =
  | { readonly kind: 'reached'; readonly location: ResourceLocation }
  | { readonly kind: 'not-found'; readonly detail: string }
  /** The cluster cannot be asked (not running here, crm_resource failed). */
  | { readonly kind: 'unavailable'; readonly detail: string }
  /** target-role could not be set. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** The wait ended before the cluster reported the wanted state. */
  | { readonly kind: 'timed-out'; readonly location: ResourceLocation };

export interface DriveOptions {
  /** Until when to wait for the wanted state. */
  readonly wait: Deadline;
  /** Until when crm_resource calls may run (a little past `wait`, to give the last answer). */
  readonly calls: Deadline;
  /** One crm_resource call never takes longer (default 15 s). */
  readonly callLimitMs?: number;
  readonly pollMs?: number;
  readonly log: { info(message: string): void; debug(message: string): void };
}

export function describeLocation(location: ResourceLocation): string {
  switch (location.kind) {
    case 'running': return `running on ${location.nodes.join(' ')}`;
    case 'stopped': return 'stopped';
    default: return `${location.kind} (${location.detail})`;
  }
}

export function wantedLocation(role: TargetRole): 'stopped' | 'running' {
  return role === 'Stopped' ? 'stopped' : 'running';
}

export async function driveResourceRole(resource: string, role: TargetRole, options: DriveOptions): Promise<DriveResult> {
  const { calls, wait, log } = options;
  const callLimit = options.callLimitMs ?? 15_000;
  const locate = () => locateResource(resource, { deadline: calls.sub(callLimit), log });
  const before = await locate();
  if (before.kind === 'not-found') return { kind: 'not-found', detail: before.detail };
  if (before.kind === 'failed') return { kind: 'unavailable', detail: before.detail };
  log.info(`setting target-role=${role} on ${resource} (${describeLocation(before)})`);
  const problem = await setTargetRole(resource, role, { deadline: calls.sub(callLimit), log });
  if (problem !== undefined) return { kind: 'refused', detail: problem };
  const wanted = wantedLocation(role);
  for (;;) {
    const location = await locate();
    if (location.kind === 'not-found') return { kind: 'not-found', detail: location.detail };
    if (location.kind === wanted) return { kind: 'reached', location };
    if (wait.expired) return { kind: 'timed-out', location };
    await wait.sleep(options.pollMs ?? 1000);
  }
}

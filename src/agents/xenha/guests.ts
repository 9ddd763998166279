/**
 * The guests as the admin sees them: every Xen resource (class ocf, type Xen, any provider)
 * joined with where Pacemaker runs it, its failures, the move constraints pending on it and
 * the DRBD resource it depends on.
 */
import type { CibConfiguration, PrimitiveConfig } from '../../lib/cluster/cib-configuration.js';
import { nvpairValue } from '../../lib/cluster/cib-configuration.js';
import type { ClusterStatus, OperationFailure } from '../../lib/cluster/cluster-status.js';

export interface PendingMove {
  /** The cli-* constraint. */
  readonly constraint: string;
  readonly kind: 'prefer' | 'ban';
  readonly node: string | undefined;
}

export interface GuestDependency {
  readonly resource: string;
  /** The DRBD primitive inside it, when `resource` is its clone. */
  readonly drbd: string;
  readonly requirement: string | undefined;
}

export interface Guest {
  readonly id: string;
  readonly agent: string;
  /** xmfile parameter. */
  readonly configFile: string | undefined;
  /** The name parameter (the domain name, when set). */
  readonly nameParameter: string | undefined;
  readonly role: string;
  readonly targetRole: string | undefined;
  readonly nodes: readonly string[];
  readonly managed: boolean;
  readonly failed: boolean;
  readonly pending: string | undefined;
  readonly allowMigrate: boolean;
  readonly memoryMib: number | undefined;
  readonly vcpus: number | undefined;
  readonly failures: readonly OperationFailure[];
  readonly pendingMoves: readonly PendingMove[];
  readonly dependsOn: readonly GuestDependency[];
  /** Containing group/clone ids. */
  readonly parents: readonly string[];
}

export function isXenPrimitive(primitive: PrimitiveConfig): boolean {
  return primitive.standard === 'ocf' && primitive.type === 'Xen';
}

function numberOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|yes|on|1|y)$/i.test(value);
}

function pendingMovesOf(resource: string, configuration: CibConfiguration): PendingMove[] {
  const moves: PendingMove[] = [];
  for (const location of configuration.locations) {
    if (location.resource !== resource) continue;
    if (/^cli-prefer-/.test(location.id)) moves.push({ constraint: location.id, kind: 'prefer', node: location.node });
    else if (/^cli-(ban|standby)-/.test(location.id)) moves.push({ constraint: location.id, kind: 'ban', node: location.node });
  }
  return moves;
}

/** DRBD primitives (type drbd, any provider) in `resource` or equal to it. */
function drbdInside(resource: string, configuration: CibConfiguration): string | undefined {
  const drbd = configuration.primitives.find((primitive) => primitive.type === 'drbd'
    && (primitive.id === resource || primitive.parents.includes(resource)));
  return drbd?.id;
}

function dependenciesOf(ids: readonly string[], configuration: CibConfiguration): GuestDependency[] {
  const found: GuestDependency[] = [];
  for (const dependency of configuration.dependencies) {
    if (!ids.includes(dependency.dependent)) continue;
    const drbd = drbdInside(dependency.dependsOn, configuration);
    if (drbd === undefined) continue;
    if (found.some((seen) => seen.resource === dependency.dependsOn)) continue;
    found.push({ resource: dependency.dependsOn, drbd, requirement: dependency.requirement });
  }
  return found;
}

export function collectGuests(configuration: CibConfiguration, status: ClusterStatus | undefined): Guest[] {
  const guests: Guest[] = [];
  for (const primitive of configuration.primitives.filter(isXenPrimitive)) {
    const running = status?.resources.find((resource) => resource.id === primitive.id);
    const metaHolders = [primitive.metaAttributes, ...primitive.parents.map((parent) =>
      configuration.containers.find((container) => container.id === parent)?.metaAttributes ?? [])];
    const allowMigrate = metaHolders.some((meta) => isTrue(nvpairValue(meta, 'allow-migrate')));
    guests.push({
      id: primitive.id,
      agent: `${primitive.standard}:${primitive.provider ?? ''}:${primitive.type}`,
      configFile: nvpairValue(primitive.instanceAttributes, 'xmfile'),
      nameParameter: nvpairValue(primitive.instanceAttributes, 'name') || undefined,
      role: running?.role ?? 'Unknown',
      targetRole: nvpairValue(primitive.metaAttributes, 'target-role') ?? running?.targetRole,
      nodes: running?.nodes ?? [],
      managed: running?.managed ?? true,
      failed: running?.failed ?? false,
      pending: running?.pending,
      allowMigrate,
      memoryMib: numberOf(nvpairValue(primitive.utilization, 'hv_memory') ?? nvpairValue(primitive.utilization, 'memory')),
      vcpus: numberOf(nvpairValue(primitive.utilization, 'cpu') ?? nvpairValue(primitive.utilization, 'vcpus')),
      failures: status?.failures.filter((failure) => failure.resource === primitive.id) ?? [],
      pendingMoves: pendingMovesOf(primitive.id, configuration),
      dependsOn: dependenciesOf([primitive.id, ...primitive.parents], configuration),
      parents: primitive.parents,
    });
  }
  return guests;
}

/** The guest `id`, or undefined. */
export function findGuest(guests: readonly Guest[], id: string): Guest | undefined {
  return guests.find((guest) => guest.id === id);
}

/**
 * What moves, bans and GUI start/stop leave behind in the CIB: `crm_resource --move/--ban`
 * (and pcs, crmsh, the old hb_gui) add location constraints with the ids `cli-prefer-RSC`,
 * `cli-ban-RSC-on-NODE` or (older tools) `cli-standby-RSC`; start/stop add a `target-role`
 * meta attribute. A leftover changes nothing when removed, unless it is still doing its job:
 *
 * - a cli-* constraint is always interim (a move that is done keeps the resource where it is
 *   through stickiness, not through the constraint);
 * - target-role=Started (any case) is Pacemaker's default, so removing it changes nothing;
 *   target_role (underscore, heartbeat 2's name) is ignored by Pacemaker 2 whatever its value;
 * - target-role=Stopped is the admin's decision to keep a guest down: it is kept and reported,
 *   because removing it would start the guest.
 */
import type { CibConfiguration } from './cib-configuration.js';

export type Leftover =
  | { readonly kind: 'constraint'; readonly id: string; readonly resource: string; readonly node: string | undefined; readonly score: string | undefined }
  | { readonly kind: 'meta-attribute'; readonly id: string; readonly resource: string; readonly name: string; readonly value: string };

export interface LeftoverSurvey {
  /** Safe to remove: the cluster does the same without them. */
  readonly removable: readonly Leftover[];
  /** Interim-looking, but removing them would change what the cluster does. */
  readonly kept: readonly (Leftover & { readonly reason: string })[];
}

const INTERIM_CONSTRAINT = /^cli-(prefer|ban|standby)-/;

/** Interim constraints and role attributes on the resources `resourceIds` (and the containers holding them). */
export function surveyLeftovers(configuration: CibConfiguration, resourceIds: ReadonlySet<string>): LeftoverSurvey {
  const removable: Leftover[] = [];
  const kept: (Leftover & { reason: string })[] = [];
  for (const location of configuration.locations) {
    if (location.resource === undefined || !resourceIds.has(location.resource)) continue;
    if (!INTERIM_CONSTRAINT.test(location.id) || location.hasRules) continue;
    removable.push({ kind: 'constraint', id: location.id, resource: location.resource, node: location.node, score: location.score });
  }
  const holders = [
    ...configuration.primitives.map((primitive) => ({ id: primitive.id, meta: primitive.metaAttributes })),
    ...configuration.containers.map((container) => ({ id: container.id, meta: container.metaAttributes })),
  ];
  for (const holder of holders) {
    if (!resourceIds.has(holder.id)) continue;
    for (const pair of holder.meta) {
      const leftover: Leftover = { kind: 'meta-attribute', id: pair.id, resource: holder.id, name: pair.name, value: pair.value };
      if (pair.name === 'target_role') removable.push(leftover);
      else if (pair.name === 'target-role') {
        if (pair.value.toLowerCase() === 'started') removable.push(leftover);
        else kept.push({ ...leftover, reason: `target-role=${pair.value} keeps ${holder.id} ${pair.value.toLowerCase() === 'stopped' ? 'stopped' : `in role ${pair.value}`}; removing it would change that` });
      }
    }
  }
  return { removable, kept };
}

/** One line for a leftover, as `tidy --dry-run` lists it. */
export function describeLeftover(leftover: Leftover): string {
  if (leftover.kind === 'constraint') {
    return `constraint ${leftover.id} (${leftover.resource}${leftover.node ? ` ${leftover.score ?? ''} on ${leftover.node}` : ''})`;
  }
  return `meta attribute ${leftover.id} (${leftover.resource} ${leftover.name}=${leftover.value})`;
}

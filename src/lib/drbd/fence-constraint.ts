/**
 * The location constraint DRBD's fence-peer handler places so that only nodes with
 * up-to-date data may be promoted, in the exact form of drbd-utils' crm-fence-peer
 * scripts: id "<prefix>-<master id>", one rule "-INFINITY for role <role>", and one
 * expression "<attribute> ne <value>" per node allowed to stay promotable.
 */
import { escapeXml } from '../xml/escape.js';

export interface AllowedNode {
  /** DRBD node id (DRBD 9); undefined for the 8.x single-node form. */
  readonly nodeId: number | undefined;
  readonly attribute: string;
  readonly value: string;
}

export interface ConstraintSpec {
  readonly idPrefix: string;
  readonly masterId: string;
  readonly role: string;
  readonly allowed: readonly AllowedNode[];
}

export function constraintId(idPrefix: string, masterId: string): string {
  return `${idPrefix}-${masterId}`;
}

/** `--id-prefix` gets "-<resource>" appended unless it already ends with it. */
export function effectiveIdPrefix(prefix: string, resource: string): string {
  return prefix.endsWith(`-${resource}`) ? prefix : `${prefix}-${resource}`;
}

export function renderConstraint(spec: ConstraintSpec): string {
  const m = escapeXml(spec.masterId);
  const p = escapeXml(spec.idPrefix);
  const lines = [
    `<rsc_location rsc="${m}" id="${p}-${m}">`,
    ` <rule role="${escapeXml(spec.role)}" score="-INFINITY" id="${p}-rule-${m}">`,
    ...spec.allowed.map((node) => {
      const id = node.nodeId === undefined ? `${p}-expr-${m}` : `${p}-expr-${node.nodeId}-${m}`;
      return `  <expression attribute="${escapeXml(node.attribute)}" operation="ne" value="${escapeXml(node.value)}" id="${id}"/>`;
    }),
    ' </rule>',
    '</rsc_location>',
  ];
  return `${lines.join('\n')}\n`;
}

/** What an existing constraint says, read from the CIB. */
export interface ExistingConstraint {
  readonly id: string;
  readonly role: string | undefined;
  readonly score: string | undefined;
  /** The "<attribute> ne <value>" pairs: the nodes still allowed to be promoted. */
  readonly allowed: readonly { readonly attribute: string; readonly value: string }[];
}

/** The same constraint as `spec` up to ids and attribute order (the reference's comparison). */
export function sameConstraint(existing: ExistingConstraint, spec: ConstraintSpec): boolean {
  const key = (a: { attribute: string; value: string }) => `${a.attribute}\u0000${a.value}`;
  const want = spec.allowed.map(key).sort();
  const have = existing.allowed.map(key).sort();
  const sameRole = existing.role === spec.role
    || (['Master', 'Promoted'].includes(existing.role ?? '') && ['Master', 'Promoted'].includes(spec.role));
  return sameRole && existing.score === '-INFINITY' && want.length === have.length && want.every((k, i) => k === have[i]);
}

/** The constraint forbids promotion on a node with these attribute values. */
export function constraintRejects(existing: ExistingConstraint, nodeAttributes: ReadonlyMap<string, string>): boolean {
  return !existing.allowed.some((allowed) => nodeAttributes.get(allowed.attribute) === allowed.value);
}

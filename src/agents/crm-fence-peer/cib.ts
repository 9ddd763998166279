/**
 * What the handler needs from the CIB (`cibadmin -Ql`, or CIB_file): the promotable clone
 * that holds the DRBD resource, an existing fencing constraint, the peer's node_state,
 * quorum and the schema (for the role name).
 */
import type { ExistingConstraint } from '../../lib/drbd/fence-constraint.js';

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set(['clone', 'master', 'primitive', 'group', 'instance_attributes', 'nvpair', 'rsc_location', 'rule',
  'expression', 'node_state', 'node', 'cluster_property_set']);

export interface CibView {
  readonly haveQuorum: boolean;
  readonly validateWith: string;
  masterIdFor(resource: string): string | undefined;
  constraint(id: string): ExistingConstraint | undefined;
  nodeState(uname: string): NodeState | undefined;
  stonithEnabled(): boolean;
}

export interface NodeState {
  readonly inCcm: boolean;
  readonly crmdOnline: boolean;
  readonly expected: string | undefined;
  readonly join: string | undefined;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value as XmlNode[] : value && typeof value === 'object' ? [value as XmlNode] : [];
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Pacemaker ≥ 2.1.7 writes timestamps instead of "true"/"online". */
function truthyState(value: string | undefined, word: string): boolean {
  if (value === undefined) return false;
  return value === word || value === 'true' || (/^\d+$/.test(value) && value !== '0');
}

function primitivesOf(node: XmlNode): XmlNode[] {
  return [...children(node, 'primitive'), ...children(node, 'group').flatMap((group) => children(group, 'primitive'))];
}

export async function parseCib(xml: string): Promise<CibView> {
  const { XMLParser } = await import('fast-xml-parser');
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  const document = parser.parse(xml) as XmlNode;
  const cib = document.cib as XmlNode | undefined;
  if (!cib) throw new Error('cibadmin output has no <cib> element');
  const configuration = cib.configuration as XmlNode | undefined;
  const resources = configuration?.resources as XmlNode | undefined;
  const constraints = configuration?.constraints as XmlNode | undefined;
  const status = cib.status as XmlNode | undefined;
  const clones = [...children(resources, 'clone'), ...children(resources, 'master')];
  return {
    haveQuorum: ['1', 'true'].includes(attr(cib, 'have-quorum') ?? ''),
    validateWith: attr(cib, 'validate-with') ?? '',
    masterIdFor(resource) {
      for (const clone of clones) {
        for (const primitive of primitivesOf(clone)) {
          const nvpairs = children(primitive, 'instance_attributes').flatMap((set) => children(set, 'nvpair'));
          if (nvpairs.some((pair) => attr(pair, 'name') === 'drbd_resource' && attr(pair, 'value') === resource)) {
            return attr(clone, 'id');
          }
        }
      }
      return undefined;
    },
    constraint(id) {
      const location = children(constraints, 'rsc_location').find((candidate) => attr(candidate, 'id') === id);
      if (!location) return undefined;
      const rule = children(location, 'rule')[0];
      return {
        id,
        role: attr(rule, 'role'),
        score: attr(rule, 'score'),
        allowed: children(rule, 'expression')
          .filter((expression) => attr(expression, 'operation') === 'ne')
          .map((expression) => ({ attribute: attr(expression, 'attribute') ?? '', value: attr(expression, 'value') ?? '' })),
      };
    },
    nodeState(uname) {
      const state = children(status, 'node_state').find((candidate) => attr(candidate, 'uname') === uname);
      if (!state) return undefined;
      return {
        inCcm: truthyState(attr(state, 'in_ccm'), 'true'),
        crmdOnline: truthyState(attr(state, 'crmd'), 'online'),
        expected: attr(state, 'expected'),
        join: attr(state, 'join'),
      };
    },
    stonithEnabled() {
      const properties = children(configuration?.crm_config as XmlNode | undefined, 'cluster_property_set')
        .flatMap((set) => children(set, 'nvpair'));
      const value = properties.find((pair) => attr(pair, 'name') === 'stonith-enabled')?.value;
      return !(typeof value === 'string' && /^(false|no|0|off)$/i.test(value));
    },
  };
}

/** "Promoted" where the CIB's schema knows it (pacemaker-3.7 and later), else "Master". */
export function defaultRole(validateWith: string): string {
  const match = /^pacemaker-(\d+)\.(\d+)$/.exec(validateWith);
  if (!match) return 'Promoted';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 3 || (major === 3 && minor >= 7) ? 'Promoted' : 'Master';
}

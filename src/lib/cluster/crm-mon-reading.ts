/**
 * One reading of the cluster as `crm_mon --output-as=xml --inactive` reports it: the DC and
 * every primitive resource with its agent, role and the nodes it runs on (inside groups and
 * clones too). A reading that cannot be complete (no cluster, no DC element, unparsable
 * output) is an error, never "nothing runs".
 */
import { describeFailure, runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

export interface PrimitiveStatus {
  readonly id: string;
  /** "ocf:xenha:Xen" */
  readonly agent: string;
  readonly role: string;
  readonly active: boolean;
  readonly failed: boolean;
  readonly blocked: boolean;
  readonly managed: boolean;
  /** Nodes where the cluster believes it runs. */
  readonly nodes: readonly string[];
  /** The group it belongs to, if any. */
  readonly group: string | undefined;
  /** The clone or bundle it is an instance of, if any. */
  readonly clone: string | undefined;
}

export interface ClusterStatus {
  /** The DC's node name; undefined while there is none (election, no quorum yet). */
  readonly dc: string | undefined;
  readonly onlineNodes: readonly string[];
  readonly primitives: readonly PrimitiveStatus[];
}

export type ClusterStatusReading =
  | { readonly kind: 'ok'; readonly status: ClusterStatus }
  /** The cluster is not running on this node (or its CIB cannot be reached). */
  | { readonly kind: 'unavailable'; readonly detail: string }
  | { readonly kind: 'failed'; readonly detail: string };

type XmlNode = Record<string, unknown>;

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is XmlNode => typeof item === 'object' && item !== null);
}

function text(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

function collectPrimitives(container: XmlNode, group: string | undefined, clone: string | undefined, into: PrimitiveStatus[]): void {
  for (const resource of asArray(container.resource)) {
    const id = text(resource, 'id');
    if (id === undefined) throw new Error('a resource without an id');
    into.push({
      id,
      agent: text(resource, 'resource_agent') ?? '',
      role: text(resource, 'role') ?? '',
      active: text(resource, 'active') === 'true',
      failed: text(resource, 'failed') === 'true',
      blocked: text(resource, 'blocked') === 'true',
      managed: text(resource, 'managed') !== 'false',
      nodes: asArray(resource.node).map((node) => text(node, 'name')).filter((name): name is string => name !== undefined),
      group,
      clone,
    });
  }
  for (const child of asArray(container.group)) collectPrimitives(child, text(child, 'id'), clone, into);
  for (const child of [...asArray(container.clone), ...asArray(container.bundle)]) {
    collectPrimitives(child, group, text(child, 'id'), into);
    for (const replica of asArray(child.replica)) collectPrimitives(replica, group, text(child, 'id'), into);
  }
}

/** Parse crm_mon's XML; throws when it is not a complete status. */
export async function parseCrmMonXml(xml: string): Promise<ClusterStatus> {
  const { XMLParser } = await import('fast-xml-parser');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false });
  const document = parser.parse(xml) as XmlNode;
  const result = asArray(document['pacemaker-result'])[0];
  if (!result) throw new Error('no <pacemaker-result> element');
  const summary = asArray(result.summary)[0];
  const dcNode = summary ? asArray(summary.current_dc)[0] : undefined;
  if (!dcNode) throw new Error('no <current_dc> element (incomplete status)');
  const dc = text(dcNode, 'present') === 'true' ? text(dcNode, 'name') : undefined;
  const nodes = asArray(asArray(result.nodes)[0]?.node);
  const onlineNodes = nodes.filter((node) => text(node, 'online') === 'true').map((node) => text(node, 'name') ?? '');
  const resources = asArray(result.resources)[0];
  const primitives: PrimitiveStatus[] = [];
  if (resources) collectPrimitives(resources, undefined, undefined, primitives);
  return { dc, onlineNodes, primitives };
}

/** crm_exit_t CRM_EX_NOT_CONNECTED, CRM_EX_UNAVAILABLE. */
const NOT_CONNECTED_CODES = new Set([102, 69]);

export async function readClusterStatus(options: { readonly deadline: Deadline; readonly log?: { debug(message: string): void } }): Promise<ClusterStatusReading> {
  const result = await runCommand('crm_mon', ['--one-shot', '--inactive', '--output-as=xml'], options);
  if (result.exitCode === 0) {
    try {
      return { kind: 'ok', status: await parseCrmMonXml(result.stdout) };
    } catch (error) {
      return { kind: 'failed', detail: `crm_mon's XML cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const detail = describeFailure(result);
  if (result.startError !== undefined) return { kind: 'failed', detail: `${detail}; is pacemaker-cli-utils installed?` };
  if ((result.exitCode !== undefined && NOT_CONNECTED_CODES.has(result.exitCode))
    || /not connected|could not connect|connection refused|transport endpoint/i.test(`${result.stdout}\n${result.stderr}`)) {
    return { kind: 'unavailable', detail };
  }
  return { kind: 'failed', detail };
}

/** This node's name in the cluster (`crm_node --name`). */
export async function readLocalNodeName(options: { readonly deadline: Deadline; readonly log?: { debug(message: string): void } }): Promise<string | undefined> {
  const result = await runCommand('crm_node', ['--name'], options);
  const name = result.stdout.trim();
  return result.exitCode === 0 && /^[^\s]+$/.test(name) ? name : undefined;
}

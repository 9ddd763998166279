/**
 * The cluster's state as `crm_mon --output-as=xml` reports it: nodes, where each resource
 * runs and in which role, failed operations and bans. Read from the XML's attributes (Pacemaker
 * 2.1 schema, api-version 2.x), never from its English.
 */
import { booleanAttribute, childNamed, childrenNamed, type XmlElement } from './pacemaker-xml.js';
import { PacemakerError, queryPacemakerXml, type PacemakerCall } from './pacemaker-tool.js';

export interface NodeStatus {
  readonly name: string;
  readonly online: boolean;
  readonly standby: boolean;
  readonly maintenance: boolean;
  readonly unclean: boolean;
  readonly isDc: boolean;
}

export interface ResourceStatus {
  readonly id: string;
  /** "ocf:xenha:Xen", "stonith:external/ssh"… */
  readonly agent: string;
  /** Started, Stopped, Promoted, Unpromoted, Starting, Migrating… */
  readonly role: string;
  readonly targetRole: string | undefined;
  readonly active: boolean;
  readonly managed: boolean;
  readonly failed: boolean;
  readonly blocked: boolean;
  readonly orphaned: boolean;
  /** The action in flight, when Pacemaker records pending actions (e.g. "Migrating"). */
  readonly pending: string | undefined;
  /** The nodes it is active on (more than one for a resource running twice). */
  readonly nodes: readonly string[];
  /** The groups, clones and bundles that contain it, outermost first. */
  readonly parents: readonly string[];
  /** The group it belongs to, if any. */
  readonly group: string | undefined;
  /** The clone or bundle it is an instance of, if any (the innermost one). */
  readonly clone: string | undefined;
}

export interface OperationFailure {
  readonly resource: string;
  readonly node: string;
  readonly task: string;
  readonly exitCode: number | undefined;
  readonly exitReason: string;
  readonly lastChange: string;
}

export interface BanStatus {
  readonly id: string;
  readonly resource: string;
  readonly node: string;
}

export interface OperationRecord {
  readonly resource: string;
  readonly node: string;
  readonly task: string;
  readonly rc: number | undefined;
  readonly call: number | undefined;
}

export interface ClusterStatus {
  readonly dc: string | undefined;
  readonly nodes: readonly NodeStatus[];
  readonly resources: readonly ResourceStatus[];
  readonly failures: readonly OperationFailure[];
  readonly bans: readonly BanStatus[];
  readonly history: readonly OperationRecord[];
}

function optionalNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** Where a primitive sits: its containers' ids, and which of them is its group and its clone. */
interface Containment {
  readonly parents: readonly string[];
  readonly group: string | undefined;
  readonly clone: string | undefined;
}

function readResource(element: XmlElement, containment: Containment): ResourceStatus {
  const a = element.attributes;
  if (a.id === undefined || a.id === '') {
    throw new PacemakerError('failed', 'crm_mon answered with a resource without an id: the cluster status cannot be read');
  }
  return {
    id: a.id,
    agent: a.resource_agent ?? '',
    role: a.role ?? '',
    targetRole: a.target_role,
    active: booleanAttribute(element, 'active'),
    managed: booleanAttribute(element, 'managed', true),
    failed: booleanAttribute(element, 'failed'),
    blocked: booleanAttribute(element, 'blocked'),
    orphaned: booleanAttribute(element, 'orphaned'),
    pending: a.pending,
    nodes: childrenNamed(element, 'node').map((node) => node.attributes.name ?? '').filter((name) => name !== ''),
    ...containment,
  };
}

/**
 * Resources of <resources>, groups, clones and bundles flattened to their primitives. A bundle's
 * <replica> is walked through but is no container of its own (its id is the replica's number).
 */
function collectResources(container: XmlElement, containment: Containment, into: ResourceStatus[]): void {
  for (const child of container.children) {
    const id = child.attributes.id;
    const parents = id ? [...containment.parents, id] : containment.parents;
    if (child.name === 'resource') into.push(readResource(child, containment));
    else if (child.name === 'group') collectResources(child, { ...containment, parents, group: id }, into);
    else if (child.name === 'clone' || child.name === 'bundle') collectResources(child, { ...containment, parents, clone: id }, into);
    else if (child.name === 'replica') collectResources(child, containment, into);
  }
}

/**
 * The status in crm_mon's XML answer; throws PacemakerError('failed') when the answer lacks what
 * every complete one has (a node list, a summary naming the DC or saying there is none): such
 * an answer is never read as "nothing runs".
 */
export function parseClusterStatus(root: XmlElement): ClusterStatus {
  const nodesElement = childNamed(root, 'nodes');
  const resourcesElement = childNamed(root, 'resources');
  const summary = childNamed(root, 'summary');
  if (nodesElement === undefined || summary === undefined) {
    throw new PacemakerError('failed', 'crm_mon answered without a node list or summary: the cluster status cannot be read completely');
  }
  const dcElement = childNamed(summary, 'current_dc');
  if (dcElement === undefined) {
    throw new PacemakerError('failed', 'crm_mon answered without <current_dc> in its summary: the cluster status cannot be read completely');
  }
  const dc = booleanAttribute(dcElement, 'present') ? dcElement.attributes.name : undefined;
  const nodes = childrenNamed(nodesElement, 'node').map((node) => ({
    name: node.attributes.name ?? '',
    online: booleanAttribute(node, 'online'),
    standby: booleanAttribute(node, 'standby'),
    maintenance: booleanAttribute(node, 'maintenance'),
    unclean: booleanAttribute(node, 'unclean'),
    isDc: booleanAttribute(node, 'is_dc'),
  }));
  const resources: ResourceStatus[] = [];
  if (resourcesElement) collectResources(resourcesElement, { parents: [], group: undefined, clone: undefined }, resources);
  const failuresElement = childNamed(root, 'failures');
  const failures = failuresElement ? childrenNamed(failuresElement, 'failure').map((failure) => {
    const a = failure.attributes;
    const opKey = a.op_key ?? a.id ?? '';
    return {
      resource: a.resource ?? opKey.replace(/_[a-z_]+_\d+$/, ''),
      node: a.node ?? '',
      task: a.task ?? '',
      exitCode: optionalNumber(a.exitcode),
      exitReason: a.exitreason ?? '',
      lastChange: a['last-rc-change'] ?? '',
    };
  }) : [];
  const bansElement = childNamed(root, 'bans');
  const bans = bansElement ? childrenNamed(bansElement, 'ban').map((ban) => ({
    id: ban.attributes.id ?? '', resource: ban.attributes.resource ?? '', node: ban.attributes.node ?? '',
  })) : [];
  const history: OperationRecord[] = [];
  const historyElement = childNamed(root, 'node_history');
  if (historyElement) {
    for (const node of childrenNamed(historyElement, 'node')) {
      for (const resource of childrenNamed(node, 'resource_history')) {
        for (const operation of childrenNamed(resource, 'operation_history')) {
          history.push({
            resource: resource.attributes.id ?? '',
            node: node.attributes.name ?? '',
            task: operation.attributes.task ?? '',
            rc: optionalNumber(operation.attributes.rc),
            call: optionalNumber(operation.attributes.call),
          });
        }
      }
    }
  }
  return { dc, nodes, resources, failures, bans, history };
}

/**
 * `crm_mon --output-as=xml` (the live cluster, or CIB_file): one shot, inactive resources,
 * failures, bans and operation history are all in its default XML. Throws PacemakerError;
 * `isClusterNotRunning` tells "Pacemaker is not running here" from other failures.
 */
export async function readClusterStatus(call: PacemakerCall): Promise<ClusterStatus> {
  const root = await queryPacemakerXml('crm_mon', [], 'cannot read the cluster status', call);
  return parseClusterStatus(root);
}

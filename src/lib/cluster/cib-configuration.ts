/**
 * The configuration section of the CIB (`cibadmin --query`, or the file CIB_file names): resources
 * with their instance, meta and utilization attributes, the constraints between them, and the
 * nodes. Only what the admin command needs; ids are kept so that an edit can name the exact element.
 */
import { childNamed, childrenNamed, descendantsNamed, parsePacemakerXml, type XmlElement } from './pacemaker-xml.js';
import { classifyToolFailure, PacemakerError, runPacemakerTool, type PacemakerCall } from './pacemaker-tool.js';

export interface NvPair {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  /** The id of the instance_attributes / meta_attributes / utilization set. */
  readonly setId: string;
}

export interface PrimitiveConfig {
  readonly id: string;
  /** ocf, stonith, systemd… */
  readonly standard: string;
  readonly provider: string | undefined;
  readonly type: string;
  readonly instanceAttributes: readonly NvPair[];
  readonly metaAttributes: readonly NvPair[];
  readonly utilization: readonly NvPair[];
  /** Containing group / clone / master / bundle ids, outermost first. */
  readonly parents: readonly string[];
}

export interface ContainerConfig {
  readonly id: string;
  /** group, clone, master, bundle */
  readonly kind: string;
  readonly metaAttributes: readonly NvPair[];
  readonly members: readonly string[];
}

export interface LocationConstraint {
  readonly id: string;
  readonly resource: string | undefined;
  readonly node: string | undefined;
  readonly score: string | undefined;
  readonly role: string | undefined;
  /** Expressed with <rule> elements rather than node + score. */
  readonly hasRules: boolean;
}

/** A colocation or order between two resources: `dependent` needs `dependsOn`. */
export interface Dependency {
  readonly id: string;
  readonly kind: 'colocation' | 'order';
  readonly dependent: string;
  readonly dependsOn: string;
  /** with-rsc-role / first-action as configured (e.g. Promoted, Master, promote). */
  readonly requirement: string | undefined;
}

export interface CibConfiguration {
  readonly nodes: readonly { readonly id: string; readonly name: string }[];
  readonly primitives: readonly PrimitiveConfig[];
  readonly containers: readonly ContainerConfig[];
  readonly locations: readonly LocationConstraint[];
  readonly dependencies: readonly Dependency[];
}

function nvpairsOf(element: XmlElement, setName: string): NvPair[] {
  const pairs: NvPair[] = [];
  for (const set of childrenNamed(element, setName)) {
    for (const pair of childrenNamed(set, 'nvpair')) {
      pairs.push({
        id: pair.attributes.id ?? '',
        name: pair.attributes.name ?? '',
        value: pair.attributes.value ?? '',
        setId: set.attributes.id ?? '',
      });
    }
  }
  return pairs;
}

const CONTAINERS = new Set(['group', 'clone', 'master', 'bundle']);

function collectResources(element: XmlElement, parents: readonly string[], primitives: PrimitiveConfig[], containers: ContainerConfig[]): void {
  for (const child of element.children) {
    if (child.name === 'primitive') {
      primitives.push({
        id: child.attributes.id ?? '',
        standard: child.attributes.class ?? '',
        provider: child.attributes.provider,
        type: child.attributes.type ?? '',
        instanceAttributes: nvpairsOf(child, 'instance_attributes'),
        metaAttributes: nvpairsOf(child, 'meta_attributes'),
        utilization: nvpairsOf(child, 'utilization'),
        parents,
      });
    } else if (CONTAINERS.has(child.name)) {
      const id = child.attributes.id ?? '';
      const members = child.children
        .filter((member) => member.name === 'primitive' || CONTAINERS.has(member.name))
        .map((member) => member.attributes.id ?? '');
      containers.push({ id, kind: child.name, metaAttributes: nvpairsOf(child, 'meta_attributes'), members });
      collectResources(child, [...parents, id], primitives, containers);
    }
  }
}

/** The resource id a constraint names in `attribute` (constraints over resource sets are not followed). */
function constrainedResources(element: XmlElement, attribute: string): string[] {
  const direct = element.attributes[attribute];
  return direct !== undefined ? [direct] : [];
}

/** The configuration of a <cib> element, or of its <configuration> section alone. */
export function parseCibConfiguration(root: XmlElement): CibConfiguration {
  if (root.name !== 'cib' && root.name !== 'configuration') {
    throw new PacemakerError('failed', `the CIB has <${root.name}> where <cib> was expected`);
  }
  const configuration = root.name === 'configuration' ? root : childNamed(root, 'configuration');
  if (configuration === undefined) throw new PacemakerError('failed', 'the CIB has no <configuration> section');
  const nodesElement = childNamed(configuration, 'nodes');
  const nodes = nodesElement ? childrenNamed(nodesElement, 'node').map((node) => ({
    id: node.attributes.id ?? '', name: node.attributes.uname ?? node.attributes.id ?? '',
  })) : [];
  const primitives: PrimitiveConfig[] = [];
  const containers: ContainerConfig[] = [];
  const resourcesElement = childNamed(configuration, 'resources');
  if (resourcesElement) collectResources(resourcesElement, [], primitives, containers);
  const locations: LocationConstraint[] = [];
  const dependencies: Dependency[] = [];
  const constraints = childNamed(configuration, 'constraints');
  if (constraints) {
    for (const location of childrenNamed(constraints, 'rsc_location')) {
      const a = location.attributes;
      locations.push({
        id: a.id ?? '', resource: a.rsc, node: a.node, score: a.score, role: a.role,
        hasRules: descendantsNamed(location, 'rule').length > 0,
      });
    }
    for (const colocation of childrenNamed(constraints, 'rsc_colocation')) {
      for (const dependent of constrainedResources(colocation, 'rsc')) {
        for (const dependsOn of constrainedResources(colocation, 'with-rsc')) {
          dependencies.push({
            id: colocation.attributes.id ?? '', kind: 'colocation', dependent, dependsOn,
            requirement: colocation.attributes['with-rsc-role'],
          });
        }
      }
    }
    for (const order of childrenNamed(constraints, 'rsc_order')) {
      for (const dependent of constrainedResources(order, 'then')) {
        for (const dependsOn of constrainedResources(order, 'first')) {
          dependencies.push({
            id: order.attributes.id ?? '', kind: 'order', dependent, dependsOn,
            requirement: order.attributes['first-action'],
          });
        }
      }
    }
  }
  return { nodes, primitives, containers, locations, dependencies };
}

/**
 * The CIB's <configuration> section as text: cut from the file CIB_file names (cibadmin would
 * print the same file; the status section, most of a busy CIB, is never parsed), else
 * `cibadmin --query --scope configuration` against the live cluster.
 */
export async function readConfigurationText(call: PacemakerCall, environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = environment.CIB_file;
  if (file !== undefined && file !== '' && !file.endsWith('.bz2')) {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new PacemakerError('not-connected', `cannot read the CIB file CIB_file=${file}: ${(error as Error).message}`, { cause: error });
    }
    const start = text.indexOf('<configuration');
    const endTag = '</configuration>';
    const end = text.indexOf(endTag, start);
    if (!/^\s*(<\?xml[^>]*\?>\s*)?<cib[\s>]/.test(text) || start < 0 || end < 0) {
      throw new PacemakerError('failed', `CIB_file=${file} is not a complete CIB (no <cib> with a <configuration> section)`);
    }
    return text.slice(start, end + endTag.length);
  }
  const result = await runPacemakerTool('cibadmin', ['--query', '--scope', 'configuration'], call);
  if (result.exitCode !== 0) throw classifyToolFailure(result, 'cannot read the CIB');
  return result.stdout;
}

export async function readCibConfiguration(call: PacemakerCall): Promise<CibConfiguration> {
  const text = await readConfigurationText(call);
  return parseCibConfiguration(await parsePacemakerXml(text, 'the CIB configuration'));
}

/** The value of the first nvpair named `name`, as Pacemaker reads a resource's sets without rules. */
export function nvpairValue(pairs: readonly NvPair[], name: string): string | undefined {
  return pairs.find((pair) => pair.name === name)?.value;
}

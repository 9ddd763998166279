/**
 * Where a resource runs and what the cluster should do with it, through crm_resource:
 * `--locate --output-as=xml` (read from its XML: a translation or a rewording of "is NOT
 * running" can never turn a running resource into a stopped one) and the `target-role` meta
 * attribute (with a hyphen: Pacemaker 2.1 ignores cluster-glue's "target_role").
 */
import { describeFailure, runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';
import { PacemakerError, queryPacemakerXml } from './pacemaker-tool.js';
import { childNamed, childrenNamed, type XmlElement } from './pacemaker-xml.js';

export type ResourceLocation =
  | { readonly kind: 'running'; readonly nodes: readonly string[] }
  | { readonly kind: 'stopped' }
  /** The CIB has no resource with this id. */
  | { readonly kind: 'not-found'; readonly detail: string }
  /** crm_resource could not answer (no cluster, timeout…). */
  | { readonly kind: 'failed'; readonly detail: string };

export interface CrmCallOptions {
  readonly deadline: Deadline;
  readonly log?: { debug(message: string): void };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `crm_resource --locate --output-as=xml`: `<nodes resource="R"><node>N</node>…</nodes>`, one
 * <node> per node it is active on (a promoted clone instance has state="promoted"), none when
 * it is stopped. undefined when the answer has no <nodes> element for `resource`.
 */
export function parseLocateXml(root: XmlElement, resource: string): ResourceLocation | undefined {
  const nodes = childNamed(root, 'nodes');
  if (nodes === undefined || nodes.attributes.resource !== resource) return undefined;
  const names: string[] = [];
  for (const node of childrenNamed(nodes, 'node')) {
    if (node.text === '') return undefined;
    if (!names.includes(node.text)) names.push(node.text);
  }
  return names.length > 0 ? { kind: 'running', nodes: names } : { kind: 'stopped' };
}

export async function locateResource(resource: string, options: CrmCallOptions): Promise<ResourceLocation> {
  const run = options.env === undefined ? undefined
    : (command: string, args: readonly string[], runOptions: Parameters<typeof runCommand>[2]) => runCommand(command, args, { ...runOptions, env: options.env });
  let root: XmlElement;
  try {
    root = await queryPacemakerXml('crm_resource', ['--resource', resource, '--locate'], `cannot locate ${resource}`,
      { deadline: options.deadline, log: options.log, run });
  } catch (error) {
    if (error instanceof PacemakerError && error.kind === 'no-such') return { kind: 'not-found', detail: error.message };
    return { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  return parseLocateXml(root, resource)
    ?? { kind: 'failed', detail: `crm_resource --locate ${resource} answered without the resource's node list` };
}

export type TargetRole = 'Stopped' | 'Started';

/** Set the resource's target-role meta attribute; undefined on success, else what went wrong. */
export async function setTargetRole(resource: string, role: TargetRole, options: CrmCallOptions): Promise<string | undefined> {
  const result = await runCommand('crm_resource',
    ['--resource', resource, '--meta', '--set-parameter', 'target-role', '--parameter-value', role], options);
  return result.exitCode === 0 ? undefined : describeFailure(result);
}

/** The resource's target-role meta attribute as configured (undefined when unset or unreadable). */
export async function getTargetRole(resource: string, options: CrmCallOptions): Promise<string | undefined> {
  const result = await runCommand('crm_resource',
    ['--resource', resource, '--meta', '--get-parameter', 'target-role', '--quiet'], options);
  const value = result.stdout.trim();
  return result.exitCode === 0 && value !== '' ? value : undefined;
}

/**
 * The nodes where `crm_resource --locate` reports the resource promoted: Pacemaker 2.1
 * prints "resource X is running on: NODE Promoted", older versions "… NODE Master".
 */
export function parsePromotedNodes(stdout: string): string[] {
  const nodes: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /\bis running on:\s*(\S+)\s+(Promoted|Master)\b/.exec(line);
    if (match && !nodes.includes(match[1])) nodes.push(match[1]);
  }
  return nodes;
}

/** crm_resource's exit code for an unknown resource (CRM_EX_NOSUCH). */
const EXIT_NO_SUCH = 105;
const NOT_FOUND = /not found|no such resource|does not exist/i;

/** The resource agent of a primitive: class, provider (ocf only) and type. */
export interface ResourceAgent {
  readonly kind: 'agent';
  readonly class: string;
  readonly provider: string | undefined;
  readonly type: string;
}

/** The attributes of the first <primitive …> element in crm_resource --query-xml output. */
export function parsePrimitiveAgent(xml: string): ResourceAgent | undefined {
  const tag = /<primitive\b([^>]*)>/.exec(xml);
  if (!tag) return undefined;
  const attributes = new Map<string, string>();
  for (const match of tag[1].matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)"/g)) attributes.set(match[1], match[2]);
  const agentClass = attributes.get('class');
  const type = attributes.get('type');
  if (agentClass === undefined || type === undefined) return undefined;
  return { kind: 'agent', class: agentClass, provider: attributes.get('provider'), type };
}

/** Which agent runs the resource (`crm_resource --resource ID --query-xml`). */
export async function resourceAgent(
  resource: string, options: CrmCallOptions,
): Promise<ResourceAgent | { readonly kind: 'not-found'; readonly detail: string } | { readonly kind: 'failed'; readonly detail: string }> {
  const result = await runCommand('crm_resource', ['--resource', resource, '--query-xml'], options);
  const output = `${result.stderr}\n${result.stdout}`;
  if (result.exitCode === EXIT_NO_SUCH || (result.exitCode !== 0 && NOT_FOUND.test(output))) {
    return { kind: 'not-found', detail: output.trim().split('\n')[0] ?? '' };
  }
  if (result.exitCode === 0) {
    const agent = parsePrimitiveAgent(result.stdout);
    if (agent) return agent;
    return { kind: 'failed', detail: `crm_resource --query-xml showed no primitive for ${resource}` };
  }
  return { kind: 'failed', detail: describeFailure(result) };
}

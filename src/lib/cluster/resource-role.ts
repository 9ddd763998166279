/**
 * Where a resource runs and what the cluster should do with it, through crm_resource:
 * `--locate` (which says "is NOT running" on stderr with exit 0) and the `target-role` meta
 * attribute (with a hyphen: Pacemaker 2.1 ignores cluster-glue's "target_role").
 */
import { describeFailure, runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

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

const NOT_FOUND = /not found|no such resource|does not exist/i;
/** crm_resource's exit code for "no such object" (CRM_EX_NOSUCH). */
const EXIT_NO_SUCH = 105;

/** Parse `crm_resource --locate` output: "resource X is running on: NODE" lines, or "is NOT running". */
export function parseLocateOutput(stdout: string, stderr: string): ResourceLocation | undefined {
  const nodes: string[] = [];
  for (const line of `${stdout}\n${stderr}`.split('\n')) {
    const match = /\bis running on:\s*(\S+)/.exec(line);
    if (match && !nodes.includes(match[1])) nodes.push(match[1]);
  }
  if (nodes.length > 0) return { kind: 'running', nodes };
  if (/\bis NOT running\b/.test(`${stdout}\n${stderr}`)) return { kind: 'stopped' };
  return undefined;
}

export async function locateResource(resource: string, options: CrmCallOptions): Promise<ResourceLocation> {
  const result = await runCommand('crm_resource', ['--resource', resource, '--locate'], options);
  const output = `${result.stderr}\n${result.stdout}`;
  if (result.exitCode === EXIT_NO_SUCH || (result.exitCode !== 0 && NOT_FOUND.test(output))) {
    return { kind: 'not-found', detail: output.trim().split('\n')[0] ?? '' };
  }
  if (result.exitCode === 0) {
    const location = parseLocateOutput(result.stdout, result.stderr);
    if (location) return location;
  }
  return { kind: 'failed', detail: describeFailure(result) };
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

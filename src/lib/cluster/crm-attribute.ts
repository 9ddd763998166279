/** Node attributes through crm_attribute. */
import { describeFailure, runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

export type NodeAttributeReading =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'unset' }
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * A permanent node attribute: `crm_attribute --type nodes --node NODE --name NAME --query --quiet`.
 * Empty output and crm_attribute's "(null)" both mean "not set".
 */
export async function queryNodeAttribute(
  node: string,
  name: string,
  options: { readonly deadline: Deadline; readonly log?: { debug(message: string): void } },
): Promise<NodeAttributeReading> {
  const result = await runCommand('crm_attribute', ['--type', 'nodes', '--node', node, '--name', name, '--query', '--quiet'], options);
  const value = result.stdout.trim();
  if (result.exitCode === 0) return value === '' || value === '(null)' ? { kind: 'unset' } : { kind: 'value', value };
  if (result.startError === undefined && !result.timedOut && /No such device or address|not found/i.test(result.stderr)) {
    return { kind: 'unset' };
  }
  return { kind: 'failed', detail: describeFailure(result) };
}

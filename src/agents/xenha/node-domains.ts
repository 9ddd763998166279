/**
 * The domains each cluster node's toolstack lists (`xl list`, or `xm list` where only xm is
 * installed): on this node directly, on the others over ssh (keys and known_hosts as the
 * nodes' own ssh setup has them; BatchMode, never a prompt). The remote command is a fixed
 * string and the node name has been checked by grammar, so nothing unvalidated reaches a shell.
 * A listing without Domain-0 is not a complete listing and counts as unreadable.
 */
import { runCommand, describeFailure } from '../../lib/exec/index.js';
import { isPacemakerName } from '../../lib/cluster/resource-commands.js';
import type { Deadline } from '../../lib/runtime/deadline.js';
import { parseDomainList, type DomainEntry } from '../../lib/xen/domain-list.js';
import { lookupToolstack } from '../../lib/xen/find-toolstack.js';

export type NodeDomains =
  | { readonly node: string; readonly kind: 'listed'; readonly domains: readonly DomainEntry[] }
  | { readonly node: string; readonly kind: 'unreadable'; readonly detail: string };

export interface ListingOptions {
  readonly deadline: Deadline;
  readonly localNode: string | undefined;
  readonly sshConnectTimeoutS: number;
  readonly log: { debug(message: string): void };
}

function fromOutput(node: string, stdout: string, failure: string | undefined): NodeDomains {
  if (failure !== undefined) return { node, kind: 'unreadable', detail: failure };
  const domains = parseDomainList(stdout);
  if (!domains.some((domain) => domain.name === 'Domain-0')) {
    return { node, kind: 'unreadable', detail: 'the domain list has no Domain-0, so it cannot be complete' };
  }
  return { node, kind: 'listed', domains: domains.filter((domain) => domain.name !== 'Domain-0') };
}

export async function listNodeDomains(node: string, options: ListingOptions): Promise<NodeDomains> {
  const toolstack = lookupToolstack('auto', process.env.PATH);
  const tool = toolstack.chosen?.kind ?? 'xl';
  if (node === options.localNode) {
    if (toolstack.chosen === undefined) return { node, kind: 'unreadable', detail: toolstack.missing ?? 'no toolstack' };
    const result = await runCommand(toolstack.chosen.path, ['list'], { deadline: options.deadline, log: options.log });
    return fromOutput(node, result.stdout, result.exitCode === 0 ? undefined : describeFailure(result));
  }
  if (!isPacemakerName(node)) return { node, kind: 'unreadable', detail: `node name "${node}" is not safe to pass to ssh` };
  const result = await runCommand('ssh', [
    '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${options.sshConnectTimeoutS}`, '--', node, `${tool} list`,
  ], { deadline: options.deadline, log: options.log });
  return fromOutput(node, result.stdout, result.exitCode === 0 ? undefined : describeFailure(result));
}

/**
 * The local Xen host as the agent sees it: one toolstack binary, every call bounded by a
 * deadline, list output parsed into domain states.
 */
import { describeFailure, runCommand, type CommandResult } from '../../lib/exec/index.js';
import type { Deadline, Logger } from '../../lib/ocf/index.js';
import {
  classifyDomainState, findDomain, incompleteTableReason, readDomainTable, type DomainCondition, type DomainEntry,
} from '../../lib/xen/domain-list.js';
import type { FoundToolstack } from '../../lib/xen/find-toolstack.js';
import { classifyListFailure, listArgs } from '../../lib/xen/toolstack.js';

export type DomainStatus =
  | { readonly kind: 'present'; readonly entry: DomainEntry; readonly condition: DomainCondition }
  | { readonly kind: 'absent' }
  /** No Xen hypervisor on this node: no domain can run here. */
  | { readonly kind: 'no-hypervisor'; readonly detail: string }
  /** The toolstack failed or hung: the state is unknown. */
  | { readonly kind: 'unknown'; readonly detail: string };

export type DomainListing =
  | { readonly kind: 'listed'; readonly entries: readonly DomainEntry[] }
  | { readonly kind: 'no-hypervisor'; readonly detail: string }
  | { readonly kind: 'unknown'; readonly detail: string };

export function describeStatus(status: DomainStatus): string {
  switch (status.kind) {
    case 'present': return `${status.condition} (state ${status.entry.state || 'unknown'})`;
    case 'absent': return 'not listed';
    case 'no-hypervisor': return `no Xen hypervisor (${status.detail})`;
    case 'unknown': return `unknown (${status.detail})`;
  }
}

export class XenHost {
  constructor(
    readonly toolstack: FoundToolstack,
    private readonly log: Logger,
  ) {}

  get tool(): string {
    return this.toolstack.kind;
  }

  run(args: readonly string[], deadline: Deadline): Promise<CommandResult> {
    return runCommand(this.toolstack.path, args, { deadline, log: this.log });
  }

  /**
   * `xl list DOMAIN`: one call, never retried here. Present only with a complete row for that
   * name; absent only on the toolstack's own "no such domain" answer; anything else is unknown.
   */
  async domainStatus(domain: string, deadline: Deadline): Promise<DomainStatus> {
    const result = await this.run(listArgs(domain), deadline);
    if (result.exitCode === 0) {
      const table = readDomainTable(result.stdout);
      const incomplete = incompleteTableReason(table, domain);
      if (incomplete !== undefined) return { kind: 'unknown', detail: `${this.tool} list ${domain} exited 0 but ${incomplete}` };
      const entry = table.entries[0];
      return { kind: 'present', entry, condition: classifyDomainState(entry.state) };
    }
    return this.listFailure(result, domain);
  }

  /** `xl list`: every domain, in one call; only a complete table (header, Domain-0, every row readable) counts. */
  async listAll(deadline: Deadline): Promise<DomainListing> {
    const result = await this.run(listArgs(), deadline);
    if (result.exitCode === 0) {
      const table = readDomainTable(result.stdout);
      const incomplete = incompleteTableReason(table);
      if (incomplete !== undefined) return { kind: 'unknown', detail: `${this.tool} list exited 0 but ${incomplete}` };
      return { kind: 'listed', entries: table.entries };
    }
    const failure = this.listFailure(result, undefined);
    return failure.kind === 'absent' ? { kind: 'unknown', detail: describeFailure(result) } : failure;
  }

  private listFailure(result: CommandResult, domain: string | undefined): Exclude<DomainStatus, { kind: 'present' }> {
    if (result.exitCode === undefined) return { kind: 'unknown', detail: describeFailure(result) };
    switch (classifyListFailure(`${result.stderr}\n${result.stdout}`, this.toolstack.kind, domain)) {
      case 'absent': return { kind: 'absent' };
      case 'no-hypervisor': return { kind: 'no-hypervisor', detail: describeFailure(result) };
      default: return { kind: 'unknown', detail: describeFailure(result) };
    }
  }
}

/** The status of one name within a full listing. */
export function statusInListing(entries: readonly DomainEntry[], domain: string): DomainStatus {
  const entry = findDomain(entries, domain);
  return entry === undefined ? { kind: 'absent' } : { kind: 'present', entry, condition: classifyDomainState(entry.state) };
}

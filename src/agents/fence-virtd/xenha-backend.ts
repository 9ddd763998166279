/**
 * The backend that makes the Dom0 cluster carry out fence_virt requests. A domain is the Xen
 * resource (ocf:*:Xen) with the same id, or the one `backends/xenha/domains` maps it to.
 *
 * Who answers: exactly one Dom0, decided from the same cluster status on every node: the node
 * where the domain's resource runs, or the DC when it runs nowhere, for list/monitor/null, and
 * for domains that are unknown. A node whose cluster cannot be asked stays silent (it cannot
 * know that no other Dom0 answers; fence_xvm retransmits and reports a timeout if none does).
 *
 * off: target-role=Stopped, success once the cluster reports the resource stopped everywhere
 * (it then stays stopped: the Dom0 cluster does not restart a fenced guest). on:
 * target-role=Started, success once it runs. reboot: off, then on; success once off is
 * confirmed and the start requested (the fence is done), the start being awaited in what is
 * left of the time. status and list: from crm_mon.
 */
import type { ClusterStatus, ResourceStatus } from '../../lib/cluster/cluster-status.js';
import { describeLocation, driveResourceRole, type DriveResult } from '../../lib/cluster/drive-resource.js';
import type { TargetRole } from '../../lib/cluster/resource-role.js';
import type { AnswerBody } from '../../lib/fence-virt/callback.js';
import type { HostEntry } from '../../lib/fence-virt/host-list.js';
import { printable } from '../../lib/fence-virt/printable.js';
import { COMMAND_NAMES, FenceCommand, FenceResponse, FLAG_BY_UUID, type FenceRequest } from '../../lib/fence-virt/protocol.js';
import { Deadline, type Logger } from '../../lib/runtime/index.js';
import { NAME_PATTERN, type XenhaSettings } from './config.js';

const CALL_GRACE_MS = 3000;
const POLL_MS = 500;

export type Target =
  | { readonly kind: 'resource'; readonly resource: ResourceStatus }
  /** Answered with a refusal. */
  | { readonly kind: 'refused'; readonly response: FenceResponse; readonly reason: string }
  /** No domain: list, monitor, null. */
  | { readonly kind: 'none' };

export type Decision =
  | { readonly kind: 'answer'; readonly target: Target; readonly status: ClusterStatus }
  | { readonly kind: 'elsewhere'; readonly responder: string | undefined; readonly why: string };

function isXenAgent(agent: string): boolean {
  return /^ocf:[^:]+:Xen$/.test(agent);
}

function runsOn(resource: ResourceStatus): string | undefined {
  return [...resource.nodes].sort()[0];
}

export class XenhaBackend {
  constructor(private readonly settings: XenhaSettings, private readonly log: Logger) {}

  /** The domains the backend serves: domain name -> its resource, from a status. */
  domains(status: ClusterStatus): Map<string, ResourceStatus> {
    const byId = new Map(status.resources.filter((p) => p.clone === undefined).map((p) => [p.id, p]));
    const served = new Map<string, ResourceStatus>();
    if (this.settings.domains) {
      for (const [domain, resourceId] of this.settings.domains) {
        const resource = byId.get(resourceId);
        if (resource && isXenAgent(resource.agent)) served.set(domain, resource);
      }
    } else {
      for (const resource of byId.values()) if (isXenAgent(resource.agent)) served.set(resource.id, resource);
    }
    return served;
  }

  /** What the request is about, from a status. */
  target(request: FenceRequest, status: ClusterStatus): Target {
    if (request.command === FenceCommand.HostList || request.command === FenceCommand.DevStatus || request.command === FenceCommand.Null) {
      return { kind: 'none' };
    }
    const domain = printable(request.domain);
    if ((request.flags & FLAG_BY_UUID) !== 0) {
      return { kind: 'refused', response: FenceResponse.Fail, reason: `domain given by UUID (${domain}): not supported, fence_xvm must name the domain (no -u)` };
    }
    if (!NAME_PATTERN.test(request.domain)) return { kind: 'refused', response: FenceResponse.Fail, reason: `"${domain}" is not a domain name` };
    if (this.settings.domains && !this.settings.domains.has(request.domain)) {
      return { kind: 'refused', response: FenceResponse.Permission, reason: `domain ${domain} is not in backends/xenha/domains` };
    }
    const resourceId = this.settings.domains?.get(request.domain) ?? request.domain;
    const resource = status.resources.find((p) => p.id === resourceId);
    if (!resource) return { kind: 'refused', response: FenceResponse.Fail, reason: `unknown domain ${domain}: the Dom0 cluster has no resource ${resourceId}` };
    if (resource.clone !== undefined) return { kind: 'refused', response: FenceResponse.Fail, reason: `resource ${resourceId} is part of clone ${resource.clone}, not one guest` };
    if (!isXenAgent(resource.agent)) return { kind: 'refused', response: FenceResponse.Fail, reason: `resource ${resourceId} is ${resource.agent}, not a Xen guest` };
    return { kind: 'resource', resource };
  }

  /** Whether this node answers the request (see the file comment). */
  decide(request: FenceRequest, status: ClusterStatus, localNode: string): Decision {
    const target = this.target(request, status);
    const where = target.kind === 'resource' ? runsOn(target.resource) : undefined;
    if (where !== undefined) {
      return where === localNode
        ? { kind: 'answer', target, status }
        : { kind: 'elsewhere', responder: where, why: `${target.kind === 'resource' ? target.resource.id : ''} runs on ${where}` };
    }
    if (status.dc === undefined) return { kind: 'elsewhere', responder: undefined, why: 'the Dom0 cluster has no DC at the moment' };
    return status.dc === localNode ? { kind: 'answer', target, status } : { kind: 'elsewhere', responder: status.dc, why: `${status.dc} is the DC` };
  }

  hostList(status: ClusterStatus): HostEntry[] {
    return [...this.domains(status)].sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, resource]) => ({ domain, uuid: resource.id, on: resource.nodes.length > 0 }));
  }

  private async drive(resource: string, role: TargetRole, wait: Deadline): Promise<DriveResult> {
    return driveResourceRole(resource, role, {
      wait, calls: new Deadline(wait.remainingMs() + CALL_GRACE_MS), pollMs: POLL_MS, log: this.log,
    });
  }

  private describeFailure(result: DriveResult, resource: string, role: TargetRole, timeoutMs: number): string {
    switch (result.kind) {
      case 'reached': return '';
      case 'not-found': return `resource ${resource} disappeared from the Dom0 CIB: ${result.detail}`;
      case 'unavailable': return `cannot ask the Dom0 cluster about ${resource}: ${result.detail}`;
      case 'refused': return `cannot set target-role=${role} on ${resource}: ${result.detail}`;
      default: return `${resource} is still ${describeLocation(result.location)} ${Math.round(timeoutMs / 1000)} s after target-role=${role} was set`;
    }
  }

  /** Carry out a request this node answers. */
  async execute(request: FenceRequest, decision: Extract<Decision, { kind: 'answer' }>): Promise<AnswerBody> {
    const { target, status } = decision;
    const command = COMMAND_NAMES[request.command as FenceCommand] ?? `command ${request.command}`;
    if (target.kind === 'refused') {
      this.log.err(`refusing ${command}: ${target.reason}`);
      return { response: target.response };
    }
    if (target.kind === 'none') {
      switch (request.command) {
        case FenceCommand.HostList: return { response: FenceResponse.Success, hosts: this.hostList(status) };
        case FenceCommand.DevStatus: return { response: FenceResponse.Success };
        case FenceCommand.Null:
          this.log.info('null request: answering failure, as fence_virtd does (nothing is done)');
          return { response: FenceResponse.Fail };
        default:
          this.log.err(`refusing unknown command ${request.command}`);
          return { response: FenceResponse.Fail };
      }
    }
    const resource = target.resource;
    const timeoutMs = this.settings.operationTimeoutMs;
    switch (request.command) {
      case FenceCommand.Status: {
        if (resource.nodes.length > 0) return { response: FenceResponse.Success };
        if (!resource.failed && !resource.blocked) return { response: FenceResponse.Off };
        this.log.err(`status of ${resource.id}: the cluster reports it failed/blocked and not running; its state is unknown`);
        return { response: FenceResponse.Fail };
      }
      case FenceCommand.Off:
      case FenceCommand.On: {
        const role: TargetRole = request.command === FenceCommand.Off ? 'Stopped' : 'Started';
        const result = await this.drive(resource.id, role, new Deadline(timeoutMs));
        if (result.kind !== 'reached') {
          this.log.err(`${command} ${resource.id} failed: ${this.describeFailure(result, resource.id, role, timeoutMs)}`);
          return { response: FenceResponse.Fail };
        }
        this.log.info(`${command} ${resource.id}: done, ${describeLocation(result.location)}`);
        return { response: FenceResponse.Success };
      }
      case FenceCommand.Reboot: {
        const total = new Deadline(timeoutMs);
        const off = await this.drive(resource.id, 'Stopped', total);
        if (off.kind !== 'reached') {
          this.log.err(`reboot ${resource.id} failed: ${this.describeFailure(off, resource.id, 'Stopped', timeoutMs)}`);
          return { response: FenceResponse.Fail };
        }
        this.log.info(`reboot ${resource.id}: stopped everywhere (fenced); starting it again`);
        const on = await this.drive(resource.id, 'Started', total);
        if (on.kind === 'reached') this.log.info(`reboot ${resource.id}: done, ${describeLocation(on.location)}`);
        else if (on.kind === 'timed-out') this.log.warn(`reboot ${resource.id}: fenced, target-role=Started set, not yet running when the time was up (${describeLocation(on.location)})`);
        else {
          this.log.err(`reboot ${resource.id}: fenced (stopped), but starting it again failed: ${this.describeFailure(on, resource.id, 'Started', timeoutMs)}`);
        }
        return { response: FenceResponse.Success };
      }
      default:
        this.log.err(`refusing unknown command ${request.command} for ${resource.id}`);
        return { response: FenceResponse.Fail };
    }
  }
}

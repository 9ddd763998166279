/**
 * What every action starts from: the toolstack to drive and the domain to manage, chosen
 * according to how strict the action must be.
 */
import { existsSync, statSync } from 'node:fs';
import { OcfError, OcfExit, type ActionContext } from '../../lib/ocf/index.js';
import { lookupToolstack, type FoundToolstack } from '../../lib/xen/find-toolstack.js';
import { xenControlDomainEvidence } from '../../lib/xen/xen-presence.js';
import { chooseDomainName, type DomainNameChoice } from './domain-name.js';
import type { XenParameters } from './parameters.js';
import { XenHost } from './xen-host.js';

export type XenContext = ActionContext<XenParameters>;

export interface ToolstackFinding {
  readonly host: XenHost | undefined;
  /** Why there is no host. */
  readonly missing: string | undefined;
  /** No toolstack at all on this node: no domain can exist here. */
  readonly noneInstalled: boolean;
}

/**
 * The toolstack for this action. Start, migrate and validate-all need the one configured;
 * stop and monitor fall back to the other one (with a warning) so that they can still see
 * the domain when `toolstack` names a binary this node lacks.
 */
export function findToolstack(context: XenContext, tolerant: boolean): ToolstackFinding {
  const lookup = lookupToolstack(context.params.toolstack, context.env.PATH);
  let found: FoundToolstack | undefined = lookup.chosen;
  if (found === undefined && tolerant && lookup.other !== undefined) {
    context.log.warn(`${lookup.missing}; using ${lookup.other.path} instead`);
    found = lookup.other;
  }
  if (found === undefined) {
    return { host: undefined, missing: lookup.missing, noneInstalled: lookup.other === undefined };
  }
  return { host: new XenHost(found, context.log), missing: undefined, noneInstalled: false };
}

/**
 * For stop and probes, when there is no toolstack or it reports no hypervisor: fails when this
 * host nevertheless runs Xen as Dom0 (a domain may be running that nothing here can see or
 * stop; the cluster must fence rather than start it elsewhere). Only a host with no Xen at all
 * may report the domain not running.
 */
export function refuseBlindnessOnDom0(context: XenContext, why: string, domain: string): void {
  const evidence = xenControlDomainEvidence(context.env);
  if (evidence === undefined) return;
  throw new OcfError(OcfExit.ErrGeneric,
    `${why}, yet Xen runs on this node (${evidence}): cannot tell whether domain ${domain} runs here; install the Xen toolstack or fix PATH`);
}

/** The toolstack, or OCF_ERR_INSTALLED with the reason. */
export function requireToolstack(context: XenContext): XenHost {
  const finding = findToolstack(context, false);
  if (finding.host === undefined) throw new OcfError(OcfExit.ErrInstalled, finding.missing ?? 'no Xen toolstack found');
  return finding.host;
}

/**
 * The domain name, logged with its origin (debug in monitor and status, which run every few
 * seconds; info elsewhere). Strict actions refuse a config file whose name cannot be read.
 */
export function resolveDomain(context: XenContext, strict: boolean): DomainNameChoice {
  const choice = chooseDomainName(context.params.name, context.params.xmfile, context.instance);
  if (choice.name.startsWith('-')) {
    // xl and xm would read it as an option (`xl list -l` lists every domain and exits 0). Start
    // refuses it, so no domain of that name can have been started by this agent.
    throw new OcfError(OcfExit.ErrConfigured,
      `domain name ${JSON.stringify(choice.name)} (from ${choice.origin}) starts with "-": the toolstack would read it as an option`);
  }
  const quiet = context.action === 'monitor' || context.action === 'status';
  if (choice.problem !== undefined) {
    if (strict) throw new OcfError(OcfExit.ErrConfigured, choice.problem);
    context.log.warn(`${choice.problem}; ${context.action} uses the resource id "${choice.name}"`);
  } else if (quiet) {
    context.log.debug(`domain name ${choice.name} (from ${choice.origin})`);
  } else if (choice.configMissing) {
    context.log.warn(`domain name ${choice.name} is ${choice.origin}; set the "name" parameter so that every node looks for the same domain`);
  } else {
    context.log.info(`domain name ${choice.name} (from ${choice.origin})`);
  }
  return choice;
}

/** The config file is a readable regular file. */
export function configFileExists(path: string): boolean {
  try {
    return path !== '' && existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `xenha check [--json]`: what runs outside the cluster's control.
 *
 * - a domain a node's toolstack lists that no Xen resource manages (started with xl/xm/virsh);
 * - a managed guest's domain on a node where Pacemaker does not run it (started behind the
 *   cluster's back: the next start elsewhere would run it twice);
 * - a domain listed on more than one node at once (the disk corruption the guide warns of);
 * - a guest config file (in --config-dir) that no resource uses;
 * - a resource whose id differs from its domain name, where xen0-ha needs them equal.
 * Nodes that cannot be listed are findings too: absence needs a complete listing.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { readLocalNodeName } from '../../lib/cluster/local-node.js';
import { parseConfigDomainName } from '../../lib/xen/config-name.js';
import { migrationCopyNames } from '../../lib/xen/toolstack.js';
import type { Guest } from './guests.js';
import { listNodeDomains, type NodeDomains } from './node-domains.js';
import { readSnapshot, type Session } from './session.js';

export type FindingKind =
  | 'unmanaged-domain'
  | 'outside-cluster-control'
  | 'running-on-several-nodes'
  | 'config-without-resource'
  | 'id-differs-from-name'
  | 'node-unreadable';

export interface Finding {
  readonly kind: FindingKind;
  readonly guest: string | null;
  readonly domain: string | null;
  readonly nodes: readonly string[];
  readonly file: string | null;
  readonly message: string;
}

export interface CheckOptions {
  readonly json: boolean;
  readonly configDirs: readonly string[];
  /** Check resource id = domain name (xen0-ha's rule). */
  readonly xen0ha: boolean;
  readonly sshConnectTimeoutS: number;
}

interface GuestDomain {
  readonly guest: Guest;
  readonly domain: string;
  readonly configPath: string | undefined;
}

async function domainOf(guest: Guest): Promise<GuestDomain> {
  let configPath: string | undefined;
  let domain = guest.nameParameter;
  if (guest.configFile) {
    try {
      configPath = await realpath(guest.configFile);
      if (domain === undefined) {
        const parsed = parseConfigDomainName(await readFile(configPath, 'utf8'));
        if (parsed.kind === 'found') domain = parsed.name;
      }
    } catch {
      // unreadable config: the reference agent falls back to the resource id too
    }
  }
  return { guest, domain: domain ?? guest.id, configPath };
}

async function configFiles(dirs: readonly string[]): Promise<{ path: string; real: string; domain: string }[]> {
  const files: { path: string; real: string; domain: string }[] = [];
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      try {
        const text = await readFile(path, 'utf8');
        const parsed = parseConfigDomainName(text);
        if (parsed.kind === 'found') files.push({ path, real: await realpath(path), domain: parsed.name });
      } catch {
        // unreadable: not a guest config we can judge
      }
    }
  }
  return files;
}

function domainFindings(guestDomains: readonly GuestDomain[], listings: readonly NodeDomains[]): Finding[] {
  const findings: Finding[] = [];
  const byDomain = new Map<string, string[]>();
  for (const listing of listings) {
    if (listing.kind === 'unreadable') {
      findings.push({ kind: 'node-unreadable', guest: null, domain: null, nodes: [listing.node], file: null,
        message: `cannot list the domains of ${listing.node}: ${listing.detail}` });
      continue;
    }
    for (const entry of listing.domains) byDomain.set(entry.name, [...(byDomain.get(entry.name) ?? []), listing.node]);
  }
  const managedNames = new Set<string>();
  for (const { guest, domain } of guestDomains) {
    managedNames.add(domain);
    for (const copy of [...migrationCopyNames('xl', domain), ...migrationCopyNames('xm', domain)]) managedNames.add(copy);
  }
  for (const [domain, nodes] of byDomain) {
    const owner = guestDomains.find((candidate) => candidate.domain === domain);
    if (nodes.length > 1) {
      findings.push({ kind: 'running-on-several-nodes', guest: owner?.guest.id ?? null, domain, nodes, file: null,
        message: `domain ${domain} runs on ${nodes.join(' and ')} at once: its disks are written twice; destroy the copy the cluster does not manage (see "xenha list")` });
    }
    if (!managedNames.has(domain)) {
      findings.push({ kind: 'unmanaged-domain', guest: null, domain, nodes, file: null,
        message: `domain ${domain} on ${nodes.join(', ')} is not managed by any Xen resource: started outside the cluster` });
      continue;
    }
    if (owner === undefined) continue;
    const outside = nodes.filter((node) => !owner.guest.nodes.includes(node));
    if (outside.length > 0) {
      findings.push({ kind: 'outside-cluster-control', guest: owner.guest.id, domain, nodes: outside, file: null,
        message: `${owner.guest.id}: domain ${domain} runs on ${outside.join(', ')} where the cluster does not run it `
          + `(cluster: ${owner.guest.nodes.length > 0 ? owner.guest.nodes.join(', ') : 'stopped'}): started behind the cluster's back` });
    }
  }
  return findings;
}

export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly notes: readonly string[];
}

export async function runCheck(session: Session, options: CheckOptions): Promise<CheckReport> {
  const snapshot = await readSnapshot(session);
  const guestDomains = await Promise.all(snapshot.guests.map(domainOf));
  const findings: Finding[] = [];
  const notes: string[] = [];
  if (session.cibFile !== undefined) {
    notes.push('CIB_file is set: the nodes\' domain lists are not read (only the CIB and config files are checked)');
  } else {
    const localNode = await readLocalNodeName({ deadline: session.deadline.sub(10_000), log: session.log });
    const online = snapshot.status.nodes.filter((node) => node.online);
    for (const node of snapshot.status.nodes.filter((candidate) => !candidate.online)) notes.push(`${node.name} is offline: its domains were not listed`);
    const listings = await Promise.all(online.map((node) => listNodeDomains(node.name, {
      deadline: session.deadline.sub(30_000), localNode, sshConnectTimeoutS: options.sshConnectTimeoutS, log: session.log,
    })));
    findings.push(...domainFindings(guestDomains, listings));
  }
  const used = new Set(guestDomains.map((guestDomain) => guestDomain.configPath).filter((path): path is string => path !== undefined));
  for (const file of await configFiles(options.configDirs)) {
    if (used.has(file.real)) continue;
    findings.push({ kind: 'config-without-resource', guest: null, domain: file.domain, nodes: [], file: file.path,
      message: `${file.path} (domain ${file.domain}) is not the xmfile of any Xen resource: a guest the cluster does not protect` });
  }
  if (options.xen0ha) {
    for (const { guest, domain } of guestDomains) {
      if (guest.id !== domain) {
        findings.push({ kind: 'id-differs-from-name', guest: guest.id, domain, nodes: [], file: guest.configFile ?? null,
          message: `resource ${guest.id} runs domain ${domain}: external/xen0-ha finds a DomU's resource by its host name, so the resource id must equal the domain name` });
      }
    }
  }
  return { findings, notes };
}

export function formatCheckReport(report: CheckReport): string {
  const lines = report.notes.map((note) => `note: ${note}`);
  if (report.findings.length === 0) lines.push('ok: every guest runs under the cluster\'s control');
  for (const finding of report.findings) lines.push(`${finding.kind}: ${finding.message}`);
  return `${lines.join('\n')}\n`;
}

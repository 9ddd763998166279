/**
 * Command lines of the two Xen toolstacks, xl (libxl, Xen >= 4.1) and the legacy xm (xend),
 * and how to read their failures. Sources: xl(1) and xen's tools/xl (xl_cmdtable.c,
 * xl_vmcontrol.c, xl_migrate.c), xm(1); the reference agent's command lines (resource-agents
 * heartbeat/Xen) where they are right.
 */

export type ToolstackKind = 'xl' | 'xm';

/**
 * A string literal in xl's config syntax. `xl create FILE KEY=VALUE…` parses each extra
 * argument as a config line (xlu_cfg_readdata), where a value must be a "string" or a number:
 * `name=vm1` is a syntax error, `name="vm1"` is right. Backslash escapes as in libxlu's dequote.
 */
export function xlStringLiteral(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function listArgs(domain?: string): string[] {
  return domain === undefined ? ['list'] : ['list', domain];
}

/**
 * Create from the user's config file, overriding the name (and the memory, with memory
 * management) on the command line: the file itself is never edited. xm takes `name=VALUE`
 * without quotes (it rejects them: lf#2671); xl needs them (see xlStringLiteral).
 */
export function createArgs(kind: ToolstackKind, configFile: string, domain: string, memoryMib?: number): string[] {
  const args = ['create', configFile, kind === 'xl' ? `name=${xlStringLiteral(domain)}` : `name=${domain}`];
  if (memoryMib !== undefined) args.push(`memory=${memoryMib}`);
  return args;
}

/** Ask the guest to shut down: a PV shutdown request, or the ACPI power button (HVM guests without PV drivers). */
export function gracefulShutdownArgs(domain: string, acpi: boolean): string[] {
  return acpi ? ['trigger', domain, 'power'] : ['shutdown', domain];
}

export function destroyArgs(domain: string): string[] {
  return ['destroy', domain];
}

/** Live migration: xl migrates live by default (over ssh to root@address); xm needs --live. */
export function migrateArgs(kind: ToolstackKind, domain: string, address: string): string[] {
  return kind === 'xl' ? ['migrate', domain, address] : ['migrate', '--live', domain, address];
}

export function memSetArgs(domain: string, memoryMib: number): string[] {
  return ['mem-set', domain, String(memoryMib)];
}

export function infoArgs(): string[] {
  return ['info'];
}

/**
 * Names a domain has while it is being migrated. xl (xl_migrate.c): the receiving side creates
 * `<name>--incoming` and renames it when the migration completes; the sending side renames its
 * copy to `<name>--migratedaway` before destroying it. xm/xend renames the sending copy to
 * `migrating-<name>`.
 */
export function migrationCopyNames(kind: ToolstackKind, domain: string): string[] {
  return kind === 'xl' ? [`${domain}--incoming`, `${domain}--migratedaway`] : [`migrating-${domain}`];
}

/** The name of a domain still arriving on the receiving host (xl only; xend keeps the name). */
export function incomingMigrationName(kind: ToolstackKind, domain: string): string | undefined {
  return kind === 'xl' ? `${domain}--incoming` : undefined;
}

/** What a failed `list <domain>` means. */
export type ListFailure =
  /** The domain does not exist. */
  | 'absent'
  /** There is no Xen hypervisor here (booted without Xen, no privcmd): no domain can exist. */
  | 'no-hypervisor'
  /** Anything else: the state is unknown. */
  | 'unknown';

/**
 * The exact lines each toolstack prints for `list NAME` when no domain has that name, and only
 * those: anything else (a transient xenstore error, xenstored or xend down, a libxl warning
 * next to the answer) says nothing about the domain. Read in xen-project/xen:
 *
 * - xl, commit c447b7308b: tools/xl/xl_utils.c:140 find_domain() prints
 *   "%s is an invalid domain identifier (rc=%d)" when the name does not resolve; rc is -6
 *   (ERROR_INVAL, tools/libs/light/libxl_types.idl:53) only when libxl_name_to_domid()
 *   (tools/libs/light/libxl_utils.c:69) listed every domain and none had that name; a failed
 *   listing gives another rc (ERROR_NOMEM). The same line since RELEASE-4.1.0
 *   (tools/libxl/xl_cmdimpl.c:182).
 * - xl, a name of digits only (taken as a domid): tools/xl/xl_info.c:688 main_list() prints
 *   "Error: Domain '%s' does not exist." on ERROR_DOMAIN_NOTFOUND.
 * - xm, tag RELEASE-4.1.0: tools/python/xen/xm/main.py:4028 _run_cmd() prints, through err()
 *   (main.py:751, "Error: " prefix), "Error: Domain '%s' does not exist." for the fault
 *   XendClient.ERROR_INVALID_DOMAIN.
 */
export function noSuchDomainLines(kind: ToolstackKind, domain: string): string[] {
  const doesNotExist = `Error: Domain '${domain}' does not exist.`;
  if (kind === 'xm') return [doesNotExist];
  return /^\d+$/.test(domain) ? [doesNotExist] : [`${domain} is an invalid domain identifier (rc=-6)`];
}

const NO_HYPERVISOR_PATTERNS = [
  /Can't find hypervisor information in sysfs/i, // Debian's xen-utils-wrapper
  /Hypervisor is not xen/i,
  /Could not obtain handle on privileged command interface: No such file or directory/i,
  /Can't find version .* of xen utils/i,
];

/**
 * What a failed `list DOMAIN` says. Absent only when the output is exactly the toolstack's
 * "no such domain" answer for that name (every non-blank line of it): see noSuchDomainLines.
 * Without a name (a listing of every domain) a failure is never 'absent'.
 */
export function classifyListFailure(output: string, kind: ToolstackKind, domain: string | undefined): ListFailure {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const answers = domain === undefined ? [] : noSuchDomainLines(kind, domain);
  if (lines.length > 0 && lines.every((line) => answers.includes(line))) return 'absent';
  if (NO_HYPERVISOR_PATTERNS.some((pattern) => pattern.test(output))) return 'no-hypervisor';
  return 'unknown';
}

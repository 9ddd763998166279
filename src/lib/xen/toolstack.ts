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

const ABSENT_PATTERNS = [
  /is an invalid domain identifier/i, // xl: "vm1 is an invalid domain identifier (rc=-6)"
  /Domain ['"]?.*['"]? does not exist/i, // xm: "Error: Domain 'vm1' does not exist."
  /domain .* not found/i,
];

const NO_HYPERVISOR_PATTERNS = [
  /Can't find hypervisor information in sysfs/i, // Debian's xen-utils-wrapper
  /Hypervisor is not xen/i,
  /Could not obtain handle on privileged command interface: No such file or directory/i,
  /Can't find version .* of xen utils/i,
];

export function classifyListFailure(output: string): ListFailure {
  if (ABSENT_PATTERNS.some((pattern) => pattern.test(output))) return 'absent';
  if (NO_HYPERVISOR_PATTERNS.some((pattern) => pattern.test(output))) return 'no-hypervisor';
  return 'unknown';
}

/**
 * The checks ocf:linbit:drbd makes before its actions (§7.2 of the reference notes), as
 * separate steps so that each action runs only those it needs: configuration grammar,
 * the clone's meta attributes, the kernel module and its version, the resource in the
 * DRBD configuration, allow-two-primaries for promoted-max 2.
 */
import { accessSync, constants } from 'node:fs';
import { describeFailure, runCommand } from '../../lib/exec/index.js';
import { OcfError, OcfExit, parseInteger } from '../../lib/ocf/index.js';
import { formatVersionCode, modinfoVersionCode, parseDrbdadmVersion, versionCode } from '../../lib/drbd/version.js';
import { RESOURCE_NAME, type DrbdContext, type Tools } from './drbd-tools.js';

/** drbd_resource and drbdconf: grammar (6), config file readable (5). */
export function checkNames(context: DrbdContext, options: { readonly needReadableConf: boolean }): void {
  const { drbd_resource: resource, drbdconf: conf } = context.params;
  if (!RESOURCE_NAME.test(resource) || resource.startsWith('-')) {
    throw new OcfError(OcfExit.ErrConfigured, `drbd_resource "${resource}" is not a DRBD resource name (letters, digits and -%+./:=@_, not starting with -)`);
  }
  if (!RESOURCE_NAME.test(conf) || conf.startsWith('-')) {
    throw new OcfError(OcfExit.ErrConfigured, `drbdconf "${conf}" is not a valid path (letters, digits and -%+./:=@_, not starting with -)`);
  }
  if (options.needReadableConf) {
    try {
      accessSync(conf, constants.R_OK);
    } catch {
      throw new OcfError(OcfExit.ErrInstalled, `the DRBD configuration file ${conf} (drbdconf) cannot be read on this node`);
    }
  }
}

function metaNumber(context: DrbdContext, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = context.env[`OCF_RESKEY_CRM_meta_${name}`];
    if (raw !== undefined && raw !== '') return parseInteger(raw);
  }
  return undefined;
}

function misconfigured(what: string, op: string, bound: number, found: number | undefined): OcfError {
  return new OcfError(OcfExit.ErrConfigured,
    `meta parameter misconfigured, expected ${what} ${op} ${bound}, but found ${found ?? 'unset'}: fix the clone's meta attributes`);
}

/** The clone's meta attributes (every action but stop and monitor). */
export function checkCloneMeta(context: DrbdContext, drbd9: boolean | undefined): void {
  const cloneNodeMax = metaNumber(context, 'clone_node_max') ?? 1;
  if (cloneNodeMax !== 1) throw misconfigured('clone-node-max', '=', 1, cloneNodeMax);
  const promotedNodeMax = metaNumber(context, 'promoted_node_max', 'master_node_max') ?? 1;
  if (promotedNodeMax !== 1) throw misconfigured('promoted-node-max', '=', 1, promotedNodeMax);
  const promotedMax = metaNumber(context, 'promoted_max', 'master_max') ?? 1;
  if (promotedMax > 2) throw misconfigured('promoted-max', '<=', 2, promotedMax);
  const cloneMax = metaNumber(context, 'clone_max');
  if (cloneMax !== undefined && cloneMax > 2 && !(drbd9 === true && promotedMax !== 2)) {
    throw misconfigured('clone-max', '<=', 2, cloneMax);
  }
  const notify = context.env.OCF_RESKEY_CRM_meta_notify;
  const notifying = notify === 'true' || context.env.OCF_RESKEY_CRM_meta_notify_start_uname !== undefined;
  if (!notifying && !context.params.ignore_missing_notifications) {
    throw new OcfError(OcfExit.ErrConfigured,
      'you really should enable notify when using this RA (set the clone meta attribute notify=true, or ignore_missing_notifications=true)');
  }
}

export function promotedMax(context: DrbdContext): number {
  return metaNumber(context, 'promoted_max', 'master_max') ?? 1;
}

export interface ModuleInfo {
  /** Kernel module version code; 0: not loaded (and modinfo does not know one either). */
  readonly code: number;
  readonly loaded: boolean;
}

/** drbdadm --version (and modinfo when no module is loaded). drbdadm missing → 5. */
export async function readModule(context: DrbdContext, tools: Tools): Promise<ModuleInfo> {
  const result = await runCommand('drbdadm', ['--version'], { deadline: context.deadline.sub(10_000), log: context.log });
  if (result.startError !== undefined) {
    throw new OcfError(OcfExit.ErrInstalled, `Setup problem: couldn't find command: drbdadm (${result.startError}); is drbd-utils installed?`);
  }
  if (result.timedOut) throw new OcfError(OcfExit.ErrGeneric, describeFailure(result));
  const versions = parseDrbdadmVersion(result.stdout);
  if (versions.kernelCode !== 0) return { code: versions.kernelCode, loaded: true };
  const modinfo = await runCommand('modinfo', ['-F', 'version', 'drbd'], { deadline: context.deadline.sub(5_000), log: tools.log });
  return { code: modinfo.exitCode === 0 ? modinfoVersionCode(modinfo.stdout) : 0, loaded: false };
}

/** require_drbd_module_version_{ge,lt}: bad format 6, outside the range 5. */
export function checkModuleVersion(context: DrbdContext, code: number): void {
  const bounds: [string, string, (bound: number) => boolean][] = [
    ['require_drbd_module_version_ge', '>=', (bound) => code >= bound],
    ['require_drbd_module_version_lt', '<', (bound) => code < bound],
  ];
  for (const [name, op, holds] of bounds) {
    const raw = context.env[`OCF_RESKEY_${name}`] ?? (name.endsWith('_ge') ? '8.0.0' : '10.0.0');
    if (raw.trim() === '') continue;
    const bound = versionCode(raw);
    if (bound === undefined) throw new OcfError(OcfExit.ErrConfigured, `${name} "${raw}" is not a version x.y.z`);
    if (!holds(bound)) {
      throw new OcfError(OcfExit.ErrInstalled,
        `DRBD kernel module version ${formatVersionCode(code)} is not ${op} ${raw} (${name}): install a matching module`);
    }
  }
}

/** The resource is defined in the DRBD configuration (drbdadm sh-dev). */
export async function checkInConfiguration(tools: Tools): Promise<void> {
  const result = await tools.drbdadm(['sh-dev', tools.resource], { deadline: tools.deadline.sub(10_000) });
  if (result.startError !== undefined) {
    throw new OcfError(OcfExit.ErrInstalled, `Setup problem: couldn't find command: drbdadm (${result.startError}); is drbd-utils installed?`);
  }
  if (result.exitCode !== 0) {
    const why = result.timedOut ? describeFailure(result) : (result.stderr.trim().split('\n')[0] ?? '');
    throw new OcfError(OcfExit.ErrInstalled, `DRBD resource ${tools.resource} not found in configuration file ${tools.conf} (${why})`);
  }
}

/** promoted-max 2 needs allow-two-primaries in the resource's net section. */
export async function checkTwoPrimaries(context: DrbdContext, tools: Tools): Promise<void> {
  if (promotedMax(context) < 2) return;
  const dump = await tools.drbdadm(['-d', '-v', 'dump', tools.resource], { deadline: context.deadline.sub(10_000) });
  if (dump.exitCode === 0 && /^\s*allow-two-primaries(\s+yes)?;\s*$/m.test(dump.stdout)) return;
  throw new OcfError(OcfExit.ErrConfigured,
    `promoted-max is ${promotedMax(context)} but DRBD resource ${tools.resource} does not set allow-two-primaries in its net section`);
}

/** validate-all: every check. */
export async function validateAll(context: DrbdContext, tools: Tools): Promise<void> {
  checkNames(context, { needReadableConf: true });
  const module = await readModule(context, tools);
  if (module.code === 0) throw new OcfError(OcfExit.ErrInstalled, 'DRBD kernel (module) not available: install drbd (or load the module)');
  checkModuleVersion(context, module.code);
  checkCloneMeta(context, module.code >= 0x090000);
  await checkInConfiguration(tools);
  await checkTwoPrimaries(context, tools);
}

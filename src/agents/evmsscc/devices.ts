/**
 * What must exist under /dev/evms once the containers are active (the `devices` parameter), and
 * whether it does. A volume is a block device; a container is a directory holding at least one
 * volume. Without a list, any volume under the device root counts.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** Where EVMS creates its volumes' device nodes. */
export const EVMS_DEVICE_ROOT = '/dev/evms';

const COMPONENT = /^[A-Za-z0-9_.+:@-]+$/;
/** How deep a container's volumes may be nested below it (EVMS names are short paths). */
const MAX_DEPTH = 4;
/** Directory entries read at most while looking for a volume, so a huge tree cannot stall monitor. */
const MAX_ENTRIES = 10_000;

export type DeviceListParse =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/**
 * The `devices` parameter as names relative to /dev/evms ("san2", "san2/cfgpool"). An empty list
 * means unset. "/dev/evms/x" is accepted for "x"; any other absolute path is refused.
 */
export function parseDeviceList(value: string | undefined): DeviceListParse {
  const names: string[] = [];
  for (const word of (value ?? '').split(/\s+/).filter((w) => w.length > 0)) {
    let name = word;
    if (name.startsWith('/')) {
      if (!name.startsWith(`${EVMS_DEVICE_ROOT}/`)) {
        return { ok: false, problem: `"${word}" is not under ${EVMS_DEVICE_ROOT}` };
      }
      name = name.slice(EVMS_DEVICE_ROOT.length + 1);
    }
    name = name.replace(/\/+$/, '');
    const components = name.split('/');
    const bad = components.find((c) => !COMPONENT.test(c) || c === '.' || c === '..');
    if (name === '' || bad !== undefined) {
      return {
        ok: false,
        problem: `"${word}" is not a container or volume name (path components of letters, digits and . _ + : @ -, no "." or "..")`,
      };
    }
    if (!names.includes(name)) names.push(name);
  }
  return { ok: true, names };
}

export type DeviceCheck =
  | { readonly present: true }
  | { readonly present: false; readonly why: string };

type StatOutcome = { readonly stats: Stats } | { readonly error: NodeJS.ErrnoException };

function statOrError(path: string): StatOutcome {
  try {
    return { stats: statSync(path) };
  } catch (error) {
    return { error: error as NodeJS.ErrnoException };
  }
}

/** A block device somewhere below `dir` (depth and entries bounded); an error when unreadable. */
function findVolume(dir: string, depth: number, budget: { entries: number }): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
  for (const entry of entries) {
    if (--budget.entries < 0) return false;
    const outcome = statOrError(join(dir, entry));
    if ('error' in outcome) continue;
    const { stats } = outcome;
    if (stats.isBlockDevice()) return true;
    if (stats.isDirectory() && depth < MAX_DEPTH && findVolume(join(dir, entry), depth + 1, budget)) return true;
  }
  return false;
}

/** Whether `name` (relative to `root`) is a volume, or a container holding one. */
export function checkDevice(root: string, name: string): DeviceCheck {
  const path = join(root, name);
  const outcome = statOrError(path);
  if ('error' in outcome) {
    const { error } = outcome;
    return error.code === 'ENOENT' || error.code === 'ENOTDIR'
      ? { present: false, why: `${path} does not exist` }
      : { present: false, why: `${path} cannot be read (${error.code ?? error.message})` };
  }
  const { stats } = outcome;
  if (stats.isBlockDevice()) return { present: true };
  if (stats.isDirectory()) {
    try {
      return findVolume(path, 1, { entries: MAX_ENTRIES })
        ? { present: true }
        : { present: false, why: `container ${path} holds no volume (no block device below it)` };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { present: false, why: `${path} cannot be read (${code ?? String(error)})` };
    }
  }
  return { present: false, why: `${path} is neither a block device nor a container directory` };
}

export interface DevicesReport {
  /** Every expected device is there (without a list: at least one volume under the root). */
  readonly complete: boolean;
  /** Why each missing one is missing, for exit reasons. */
  readonly missing: readonly string[];
}

/** Check every expected name; with none, look for any volume under the root. */
export function checkDevices(root: string, names: readonly string[]): DevicesReport {
  if (names.length === 0) {
    const whole = checkDevice(root, '.');
    return whole.present
      ? { complete: true, missing: [] }
      : { complete: false, missing: [`no EVMS volume under ${root}: ${whole.why}`] };
  }
  const missing: string[] = [];
  for (const name of names) {
    const check = checkDevice(root, name);
    if (!check.present) missing.push(check.why);
  }
  return { complete: missing.length === 0, missing };
}

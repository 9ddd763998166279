/**
 * What this node remembers about the resource, across the processes Pacemaker starts: whether
 * it is active here (start succeeded and no stop since), and whether this node's pre-start
 * notification just ran evms_activate. One small JSON file per resource in HA_RSCTMP
 * (/run/resource-agents: per node, emptied at boot like /dev/evms itself), written atomically.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_STATE_DIR = '/run/resource-agents';

export interface ActivationRecord {
  /** When start last succeeded on this node (ISO time); absent: not active here. */
  readonly activeSince?: string;
  /** How start found the containers active: it ran evms_activate, or found them already there. */
  readonly activatedBy?: 'start' | 'notify' | 'already-present';
  /** When this node's pre-start notification ran evms_activate successfully (ISO time). */
  readonly notifyActivatedAt?: string;
}

export type RecordRead =
  | { readonly ok: true; readonly record: ActivationRecord | undefined }
  | { readonly ok: false; readonly problem: string };

/** The record file of a resource: clone instance numbers (":0") are dropped, they can change. */
export function recordPath(env: Readonly<Record<string, string | undefined>>, instance: string): string {
  const dir = env.HA_RSCTMP !== undefined && env.HA_RSCTMP !== '' ? env.HA_RSCTMP : DEFAULT_STATE_DIR;
  const resource = instance.replace(/:\d+$/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return join(dir, `EvmsSCC-${resource}.state`);
}

function isRecord(value: unknown): value is ActivationRecord {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return ['activeSince', 'activatedBy', 'notifyActivatedAt'].every(
    (key) => fields[key] === undefined || typeof fields[key] === 'string',
  );
}

export function readRecord(file: string): RecordRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, record: undefined };
    return { ok: false, problem: `cannot read the activation record ${file} (${code ?? String(error)})` };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) return { ok: true, record: parsed };
  } catch {
    // reported below
  }
  return { ok: false, problem: `the activation record ${file} is corrupt (remove it and run a cleanup of the resource)` };
}

/** Write atomically (temporary file + rename): a reader never sees half a record. */
export function writeRecord(file: string, record: ActivationRecord): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o755 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  renameSync(temporary, file);
}

export function removeRecord(file: string): void {
  rmSync(file, { force: true });
}

/**
 * The files that say the resource runs on this node: the pidfile (empty in probe mode, the
 * daemon's PID in daemon mode) and, in daemon mode, <pidfile>.state with the daemon's last
 * probe. Writes are atomic (temporary file + rename), so a reader never sees half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function pidfileExists(pidfile: string): boolean {
  return existsSync(pidfile);
}

export function writeFileAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o644 });
  renameSync(temporary, file);
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}

/** The PID in the pidfile; undefined when absent, empty (probe mode) or not a PID. */
export function readPid(pidfile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(pidfile, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!/^\d+$/.test(text)) return undefined;
  const pid = Number(text);
  return pid > 1 ? pid : undefined;
}

/** Milliseconds on the system-wide monotonic clock (CLOCK_MONOTONIC), comparable between processes. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

/** What the daemon records after each probe round. */
export interface DaemonState {
  readonly pid: number;
  /** monotonicMs() when the daemon started and when its last round ended. */
  readonly startedMonotonicMs: number;
  readonly lastProbeMonotonicMs: number | undefined;
  /** Wall-clock time of the last round, for people reading the file. */
  readonly lastProbeAt: string | undefined;
  readonly rounds: number;
  readonly score: number | undefined;
  readonly reachable: number | undefined;
  readonly total: number | undefined;
  readonly unreachable: readonly string[];
  /** The value attrd last accepted from the daemon. */
  readonly written: number | undefined;
  /** Why the last round could not measure (probe tool failure), if it could not. */
  readonly probeError: string | undefined;
  /** Why the last attribute update failed, if it did. */
  readonly attrdError: string | undefined;
  /** Why the daemon gave up, written just before it exits. */
  readonly fatal: string | undefined;
}

/** Version of the state file's layout; a daemon of another version wrote a file it cannot trust. */
export const DAEMON_STATE_VERSION = 1;

export function writeDaemonState(file: string, state: DaemonState): void {
  writeFileAtomically(file, `${JSON.stringify({ version: DAEMON_STATE_VERSION, ...state }, null, 1)}\n`);
}

/** The state file as read: the state, or why there is none to trust (absent is not a problem). */
export type DaemonStateReading =
  | { readonly state: DaemonState; readonly problem?: undefined }
  | { readonly state?: undefined; readonly problem?: string };

type FieldCheck = (value: unknown) => boolean;
const isNumber: FieldCheck = (value) => typeof value === 'number' && Number.isFinite(value);
const optional = (check: FieldCheck): FieldCheck => (value) => value === undefined || check(value);
const isString: FieldCheck = (value) => typeof value === 'string';

/** Every field of DaemonState and its type; absent optional fields are undefined (JSON drops them). */
const FIELDS: Record<keyof DaemonState, FieldCheck> = {
  pid: (value) => isNumber(value) && Number.isInteger(value) && (value as number) > 1,
  startedMonotonicMs: isNumber,
  lastProbeMonotonicMs: optional(isNumber),
  lastProbeAt: optional(isString),
  rounds: (value) => isNumber(value) && (value as number) >= 0,
  score: optional(isNumber),
  reachable: optional(isNumber),
  total: optional(isNumber),
  unreachable: (value) => Array.isArray(value) && value.every(isString),
  written: optional(isNumber),
  probeError: optional(isString),
  attrdError: optional(isString),
  fatal: optional(isString),
};

/** Check a parsed state file against this version's layout. */
export function validateDaemonState(parsed: unknown): DaemonStateReading {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'it is not a JSON object' };
  const record = parsed as Record<string, unknown>;
  if (record.version !== DAEMON_STATE_VERSION) {
    return { problem: `it was written by a ping daemon of another version (layout ${JSON.stringify(record.version ?? 'unversioned')}, this agent reads ${DAEMON_STATE_VERSION}): restart the resource` };
  }
  for (const [field, check] of Object.entries(FIELDS) as [keyof DaemonState, FieldCheck][]) {
    if (!check(record[field])) return { problem: `its field "${field}" is missing or malformed` };
  }
  const { version: _version, ...state } = record;
  return { state: state as unknown as DaemonState };
}

export function readDaemonState(file: string): DaemonStateReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `${file} is not valid JSON` };
  }
  const reading = validateDaemonState(parsed);
  return reading.problem === undefined ? reading : { problem: `${file}: ${reading.problem}` };
}

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

export function writeDaemonState(file: string, state: DaemonState): void {
  writeFileAtomically(file, `${JSON.stringify(state, null, 1)}\n`);
}

export function readDaemonState(file: string): DaemonState | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { pid?: unknown }).pid !== 'number') return undefined;
    return parsed as DaemonState;
  } catch {
    return undefined;
  }
}

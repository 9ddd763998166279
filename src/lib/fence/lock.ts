/**
 * One fencing operation per device at a time: an exclusive flock(2) on a lock file named after
 * the device's identity. The lock is taken by flock(1) on a file descriptor it shares with us,
 * so it belongs to our open file description: it stays held after flock(1) exits and the kernel
 * drops it when we exit, however we exit (no stale lock after a SIGKILL). Waiting is bounded by
 * the operation's deadline.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../exec/index.js';
import { Deadline } from '../runtime/index.js';
import { FenceError } from './errors.js';

/** Where lock files live unless XENHA_LOCK_DIR says otherwise (tests, unusual layouts). */
export const DEFAULT_LOCK_DIR = '/run/xenha/fence';

export interface DeviceLock {
  readonly path: string;
  release(): void;
}

/** Outcome of one flock(1) run on `fd`: acquired, timed out, or could not run. */
export type FlockResult = { readonly acquired: true } | { readonly acquired: false; readonly error?: string };

export type FlockRunner = (fd: number, waitMs: number, env: Record<string, string>) => Promise<FlockResult>;

/** The lock directory: XENHA_LOCK_DIR, else /run/xenha/fence. */
export function lockDirectory(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.XENHA_LOCK_DIR;
  return configured && configured.startsWith('/') ? configured : DEFAULT_LOCK_DIR;
}

/** "<readable prefix>-<hash>.lock": the same key always gives the same file, any key gives a safe name. */
export function lockFileName(key: string): string {
  const readable = key.toLowerCase().replace(/[^a-z0-9._-]+/g, '_').slice(0, 48);
  const digest = createHash('sha256').update(key.toLowerCase()).digest('hex').slice(0, 16);
  return `${readable}-${digest}.lock`;
}

/** flock(1) -x -w on an inherited descriptor (fd 3 in the child). */
export const runFlock: FlockRunner = async (fd, waitMs, env) => {
  const args = waitMs <= 0 ? ['-x', '-n', '3'] : ['-x', '-w', (waitMs / 1000).toFixed(3), '3'];
  // flock -w bounds itself; the deadline only guards against a flock that never returns.
  const result = await runCommand('flock', args, {
    deadline: new Deadline(Math.max(0, waitMs) + 5000),
    env,
    replaceEnv: true,
    extraFds: [fd],
  });
  const stderr = result.stderr.trim();
  if (result.startError !== undefined) return { acquired: false, error: result.startError };
  if (result.exitCode === 0) return { acquired: true };
  if (result.exitCode === 1 && stderr === '') return { acquired: false };
  return { acquired: false, error: stderr || (result.timedOut ? 'flock did not return in time' : `flock exited with ${result.exitCode ?? 'a signal'}`) };
};

function readHolder(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface LockRequest {
  readonly dir: string;
  /** The device identity (see FencePluginDefinition.deviceKey). */
  readonly key: string;
  /** Written into the lock file while held, for the messages of whoever waits. */
  readonly purpose: string;
  readonly deadline: Deadline;
  readonly log: { info(message: string): void; debug(message: string): void };
  readonly flock?: FlockRunner;
}

export async function acquireDeviceLock(request: LockRequest): Promise<DeviceLock> {
  const { dir, key, deadline, log } = request;
  const flock = request.flock ?? runFlock;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new FenceError('config', `cannot create the lock directory ${dir}: ${(error as Error).message}`);
  }
  const path = join(dir, lockFileName(key));
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  } catch (error) {
    throw new FenceError('config', `cannot open the lock file ${path}: ${(error as Error).message}`);
  }
  const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', LC_ALL: 'C' };
  try {
    let result = await flock(fd, 0, env);
    if (!result.acquired && result.error === undefined) {
      const holder = readHolder(path);
      log.info(`waiting up to ${(deadline.remainingMs() / 1000).toFixed(1)} s for another operation on ${key}${holder ? ` (${holder})` : ''}`);
      result = await flock(fd, deadline.remainingMs(), env);
    }
    if (!result.acquired) {
      if (result.error !== undefined) throw new FenceError('config', `cannot lock ${path}: ${result.error}`);
      const holder = readHolder(path);
      throw new FenceError('busy', `timed out waiting for another fencing operation on ${key} to finish${holder ? ` (${holder})` : ''}`);
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, `pid ${process.pid}: ${request.purpose} since ${new Date().toISOString()}\n`, 0);
  } catch {
    // Only a diagnostic.
  }
  log.debug(`holding ${path} for ${key}`);
  let held = true;
  return {
    path,
    release: () => {
      if (!held) return;
      held = false;
      try { ftruncateSync(fd, 0); } catch { /* diagnostic only */ }
      closeSync(fd);
    },
  };
}

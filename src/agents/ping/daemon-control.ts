/**
 * Launching, recognising and ending the ping daemon. The daemon is this same program
 * re-executed with a hidden first argument and the pidfile ("ping --xenha-pingd <pidfile>"),
 * in its own session so that it outlives the start action. A PID counts as our daemon only
 * when /proc/<pid>/cmdline says so, so a recycled PID is never signalled.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnDetached } from '../../lib/exec/index.js';
import type { Deadline } from '../../lib/ocf/index.js';

export const DAEMON_FLAG = '--xenha-pingd';

type Env = Readonly<Record<string, string | undefined>>;

/** True when `pid` is a live (not zombie) ping daemon serving `pidfile`. */
export function isPingDaemon(pid: number, pidfile: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const flagAt = argv.indexOf(DAEMON_FLAG);
    return flagAt >= 0 && argv[flagAt + 1] === pidfile;
  } catch {
    return false;
  }
}

/**
 * Start the daemon for `pidfile` with the action's environment (its OCF_RESKEY_* are the
 * configuration, NODE_OPTIONS excepted); resolves with its pid once it runs.
 */
export async function launchDaemon(pidfile: string, env: Env): Promise<number> {
  const script = resolve(process.argv[1]);
  const daemon = await spawnDetached(process.execPath, [script, DAEMON_FLAG, pidfile], { env: { ...env, NODE_OPTIONS: undefined } });
  return daemon.pid;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try { process.kill(pid, name); } catch { /* already gone */ }
}

/**
 * End the daemon: SIGTERM, wait up to `graceMs`, then SIGKILL and wait again (all inside the
 * deadline). Returns true when it is gone.
 */
export async function terminateDaemon(pid: number, pidfile: string, deadline: Deadline, graceMs = 5000): Promise<boolean> {
  if (!isPingDaemon(pid, pidfile)) return true;
  signal(pid, 'SIGTERM');
  const gone = async () => (isPingDaemon(pid, pidfile) ? undefined : true);
  if (await deadline.sub(graceMs, 1500).pollUntil(gone, 50)) return true;
  signal(pid, 'SIGKILL');
  return (await deadline.sub(2000).pollUntil(gone, 50)) === true;
}

/**
 * Kill escalation for a child that leads its own process group (spawned `detached`): when the
 * time is up, SIGTERM to the whole group, then SIGKILL after a grace period, so that nothing it
 * started outlives it.
 */
import type { ChildProcess } from 'node:child_process';

/** Signal every process of the group `child` leads; a group already gone is not an error. */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

export interface GroupKillTimer {
  /** True once the time ran out and the group was signalled. */
  readonly expired: boolean;
  /** Stop the timers (the child ended). */
  cancel(): void;
}

/** After `afterMs`, SIGTERM to `child`'s group, then SIGKILL `graceMs` later. */
export function killGroupAfter(child: ChildProcess, afterMs: number, graceMs: number): GroupKillTimer {
  let expired = false;
  let killTimer: NodeJS.Timeout | undefined;
  const termTimer = setTimeout(() => {
    expired = true;
    signalProcessGroup(child, 'SIGTERM');
    killTimer = setTimeout(() => signalProcessGroup(child, 'SIGKILL'), graceMs);
  }, afterMs);
  return {
    get expired() { return expired; },
    cancel: () => {
      clearTimeout(termTimer);
      clearTimeout(killTimer);
    },
  };
}

/** `monitor_scripts`: programs that check services inside the guest, run in turn without a shell. */
import { accessSync, constants } from 'node:fs';
import { describeFailure, runCommand } from '../../lib/exec/index.js';
import type { Deadline, Logger } from '../../lib/ocf/index.js';
import { findOnPath } from '../../lib/xen/find-toolstack.js';

export function monitorScriptList(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((word) => word.length > 0);
}

export interface MonitorScriptFailure {
  /** Why the first failing script failed, for exit reasons. */
  readonly reason: string;
  /** It was cut off by the deadline (rather than failing on its own). */
  readonly timedOut: boolean;
}

/** Undefined when every script exits 0, else how the first failing one failed. */
export async function runMonitorScripts(scripts: readonly string[], deadline: Deadline, log: Logger): Promise<MonitorScriptFailure | undefined> {
  for (const script of scripts) {
    const result = await runCommand(script, [], { deadline, log });
    if (result.exitCode !== 0) return { reason: `monitor script ${describeFailure(result)}`, timedOut: result.timedOut };
  }
  return undefined;
}

/** Scripts that cannot be run: a path that is not executable, or a bare name not in PATH. */
export function unrunnableScripts(scripts: readonly string[], pathVariable: string | undefined): string[] {
  return scripts.filter((script) => {
    if (!script.includes('/')) return findOnPath(script, pathVariable) === undefined;
    try {
      accessSync(script, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

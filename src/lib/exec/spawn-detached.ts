/**
 * Starting a daemon: a child that must outlive this program (ping's daemon, fence_virtd).
 * Detached into its own session, stdio on /dev/null, cwd "/" unless told otherwise, exactly the
 * environment given, and not waited for (unref). Unlike runCommand there is no deadline: the
 * caller checks that the daemon came up (its pidfile, its state file) within its own.
 */
import { formatCommandLine } from './command-line.js';

export interface DetachedOptions {
  /** The daemon's whole environment (nothing of ours is added; undefined values are dropped). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory (default "/", so that the daemon holds no mount busy). */
  readonly cwd?: string;
}

export interface DetachedChild {
  readonly pid: number;
  /**
   * How the daemon ended while we still run ("exit code 1", "SIGKILL", an error), or undefined
   * while it runs: lets a start action stop waiting for a daemon that already died.
   */
  exitStatus(): string | undefined;
}

/**
 * Start `command` detached and resolve with its pid once it runs ('spawn' fired); reject with
 * "cannot start <command line>: <reason>" when it cannot be started (ENOENT, EACCES…).
 */
export async function spawnDetached(command: string, args: readonly string[], options: DetachedOptions): Promise<DetachedChild> {
  const { spawn } = await import('node:child_process');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  const cannotStart = (reason: string) => new Error(`cannot start ${formatCommandLine(command, args)}: ${reason}`);
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, [...args], { detached: true, stdio: 'ignore', cwd: options.cwd ?? '/', env, shell: false });
    } catch (error) {
      reject(cannotStart((error as NodeJS.ErrnoException).code ?? (error as Error).message));
      return;
    }
    let ended: string | undefined;
    let started = false;
    child.once('exit', (code, signal) => { ended = signal ?? `exit code ${code}`; });
    // Always listened to: an 'error' without a listener would crash this program.
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code ?? error.message;
      if (!started) reject(cannotStart(reason));
      else ended ??= reason;
    });
    child.once('spawn', () => {
      started = true;
      const pid = child.pid;
      if (pid === undefined) {
        reject(cannotStart('no process id'));
        return;
      }
      resolve({ pid, exitStatus: () => ended });
    });
    child.unref();
  });
}

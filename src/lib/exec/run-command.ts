/**
 * Child processes with a deadline, on node:child_process (cheap enough for monitor).
 * No shell unless `runShellScript` is used explicitly. The child runs in its own process group
 * so that expiry kills it and everything it started (xl migrate's ssh, for example).
 * Daemons, which must outlive us, start through `spawnDetached` (spawn-detached.ts).
 */
import type { ChildProcess } from 'node:child_process';
import type { Deadline } from '../runtime/deadline.js';
import { childEnvironment } from './environment.js';
import { outputExcerpt } from './failure-text.js';
import { killGroupAfter, signalProcessGroup, type GroupKillTimer } from './process-group.js';
import { formatCommandLine } from './command-line.js';
import { redactSecrets } from '../runtime/text.js';

export interface CommandOptions {
  /** Hard bound: the child is killed when it expires. */
  readonly deadline: Deadline;
  readonly input?: string;
  /** Added to (or, with `replaceEnv`, instead of) a minimal environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly replaceEnv?: boolean;
  readonly cwd?: string;
  /** Values that must never appear in logs or error messages (passwords given on stdin…). */
  readonly secrets?: readonly string[];
  /** After SIGTERM on expiry, wait this long before SIGKILL (default 300 ms, bounded by the deadline). */
  readonly killGraceMs?: number;
  /**
   * Descriptors of ours the child inherits as fd 3, 4, … (flock(1) locking a file we opened).
   * They are shared with the child, not closed or moved: the caller still owns them.
   */
  readonly extraFds?: readonly number[];
  /** Output kept per stream; the rest is dropped (default 4 MiB). */
  readonly maxOutputBytes?: number;
  /**
   * Where to log the (redacted) command line and its outcome at debug level; `trace` (an RA
   * trace, trace_ra) also gets a bounded excerpt of the output.
   */
  readonly log?: { debug(message: string): void; trace?(message: string): void };
}

export interface CommandResult {
  /** Exit status, or undefined when killed by a signal or never started. */
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed because the deadline expired. */
  readonly timedOut: boolean;
  /** Could not be started (ENOENT, EACCES): `startError` says why. */
  readonly startError: string | undefined;
  readonly durationMs: number;
  /** The command line with secrets replaced, for logs and messages. */
  readonly commandLine: string;
}

export async function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  // Loaded on first use: meta-data and other actions that run nothing do not pay for it.
  const { spawn } = await import('node:child_process');
  const secrets = options.secrets ?? [];
  const commandLine = formatCommandLine(command, args, secrets);
  const started = performance.now();
  options.log?.debug(`running: ${commandLine}`);
  const limit = options.maxOutputBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    const finish = (partial: Omit<CommandResult, 'durationMs' | 'commandLine' | 'stdout' | 'stderr'>) => {
      killTimer?.cancel();
      options.log?.debug(`${commandLine}: exit ${partial.exitCode ?? partial.signal ?? partial.startError ?? 'none'}${partial.timedOut ? ' (deadline expired)' : ''}`);
      if (options.log?.trace) {
        for (const [name, chunks] of [['stdout', stdoutChunks], ['stderr', stderrChunks]] as const) {
          const text = redactSecrets(Buffer.concat(chunks).toString('utf8'), secrets);
          if (text.trim() !== '') options.log.trace(`${commandLine} ${name}: ${outputExcerpt(text)}`);
        }
      }
      resolve({
        ...partial,
        stdout: redactSecrets(Buffer.concat(stdoutChunks).toString('utf8'), secrets),
        stderr: redactSecrets(Buffer.concat(stderrChunks).toString('utf8'), secrets),
        durationMs: performance.now() - started,
        commandLine,
      });
    };
    const stdoutChunks: Buffer[] = [];
    const stderrChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let killTimer: GroupKillTimer | undefined;

    const remaining = options.deadline.remainingMs();
    if (remaining <= 0) {
      finish({ exitCode: undefined, signal: undefined, timedOut: true, startError: undefined });
      return;
    }

    let child: ChildProcess;
    try {
      child = spawn(command, [...args], {
        cwd: options.cwd,
        env: childEnvironment(options),
        stdio: ['pipe', 'pipe', 'pipe', ...(options.extraFds ?? [])],
        detached: true,
        shell: false,
      });
    } catch (error) {
      // Invalid arguments (a closed extra descriptor…) throw instead of emitting 'error'.
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      finish({ exitCode: undefined, signal: undefined, timedOut: false, startError: `${command}: ${reason}` });
      return;
    }
    const timer = killGroupAfter(child, remaining, options.killGraceMs ?? 300);
    killTimer = timer;

    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdoutBytes < limit) { stdoutChunks.push(chunk); stdoutBytes += chunk.length; }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrBytes < limit) { stderrChunks.push(chunk); stderrBytes += chunk.length; }
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');

    child.once('error', (error: NodeJS.ErrnoException) => {
      finish({ exitCode: undefined, signal: undefined, timedOut: false, startError: `${command}: ${error.code ?? error.message}` });
    });
    child.once('close', (code, signal) => {
      // The group may still hold grandchildren that inherited nothing from us: leave none behind.
      if (timer.expired) signalProcessGroup(child, 'SIGKILL');
      finish({ exitCode: code ?? undefined, signal: signal ?? undefined, timedOut: timer.expired, startError: undefined });
    });
  });
}

/** Explicitly through /bin/sh: only for fixed scripts, never with unvalidated input interpolated. */
export function runShellScript(script: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return runCommand('/bin/sh', ['-c', script, 'sh', ...args], options);
}

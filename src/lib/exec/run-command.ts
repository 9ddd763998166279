/**
 * Child processes with a deadline, on node:child_process (cheap enough for monitor).
 * No shell unless `runShellScript` is used explicitly. The child runs in its own process group
 * so that expiry kills it and everything it started (xl migrate's ssh, for example).
 */
import type { Deadline } from '../runtime/deadline.js';
import { toolOutputExcerpt } from '../runtime/text.js';

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

/** Environment every child gets: stable, untranslated output for parsing. */
function childEnvironment(options: CommandOptions): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = options.replaceEnv ? {} : { ...process.env };
  delete base.NODE_OPTIONS;
  const merged: NodeJS.ProcessEnv = { ...base, ...options.env, LC_ALL: 'C' };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

function quoteForLog(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function formatCommandLine(command: string, args: readonly string[], secrets: readonly string[] = []): string {
  let line = [command, ...args].map(quoteForLog).join(' ');
  for (const secret of secrets) if (secret) line = line.split(secret).join('****');
  return line;
}

function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('****');
  return clean;
}

/** At most 1000 characters of output, control characters escaped, for a trace. */
function outputExcerpt(text: string): string {
  const flat = JSON.stringify(text.length > 1000 ? `${text.slice(0, 1000)}...` : text);
  return `${flat}${text.length > 1000 ? ` (${text.length} characters)` : ''}`;
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
      clearTimeout(termTimer);
      clearTimeout(killTimer);
      options.log?.debug(`${commandLine}: exit ${partial.exitCode ?? partial.signal ?? partial.startError ?? 'none'}${partial.timedOut ? ' (deadline expired)' : ''}`);
      if (options.log?.trace) {
        for (const [name, chunks] of [['stdout', stdoutChunks], ['stderr', stderrChunks]] as const) {
          const text = redact(Buffer.concat(chunks).toString('utf8'), secrets);
          if (text.trim() !== '') options.log.trace(`${commandLine} ${name}: ${outputExcerpt(text)}`);
        }
      }
      resolve({
        ...partial,
        stdout: redact(Buffer.concat(stdoutChunks).toString('utf8'), secrets),
        stderr: redact(Buffer.concat(stderrChunks).toString('utf8'), secrets),
        durationMs: performance.now() - started,
        commandLine,
      });
    };
    const stdoutChunks: Buffer[] = [];
    const stderrChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let timedOut = false;
    let termTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const remaining = options.deadline.remainingMs();
    if (remaining <= 0) {
      finish({ exitCode: undefined, signal: undefined, timedOut: true, startError: undefined });
      return;
    }

    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: childEnvironment(options),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try { process.kill(-child.pid, signal); } catch { /* already gone */ }
    };
    termTimer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 300);
    }, remaining);

    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes < limit) { stdoutChunks.push(chunk); stdoutBytes += chunk.length; }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < limit) { stderrChunks.push(chunk); stderrBytes += chunk.length; }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');

    child.once('error', (error: NodeJS.ErrnoException) => {
      finish({ exitCode: undefined, signal: undefined, timedOut: false, startError: `${command}: ${error.code ?? error.message}` });
    });
    child.once('close', (code, signal) => {
      // The group may still hold grandchildren that inherited nothing from us: leave none behind.
      if (timedOut) killGroup('SIGKILL');
      finish({ exitCode: code ?? undefined, signal: signal ?? undefined, timedOut, startError: undefined });
    });
  });
}

/** Explicitly through /bin/sh: only for fixed scripts, never with unvalidated input interpolated. */
export function runShellScript(script: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return runCommand('/bin/sh', ['-c', script, 'sh', ...args], options);
}

/** One line describing how a command failed, for exit reasons and logs. */
export function describeFailure(result: CommandResult): string {
  if (result.startError !== undefined) return `could not run ${result.commandLine} (${result.startError})`;
  if (result.timedOut) return `${result.commandLine} did not finish in time (killed after ${Math.round(result.durationMs)} ms)`;
  const output = toolOutputExcerpt(result.stderr.trim() || result.stdout);
  const status = result.signal !== undefined ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
  return `${result.commandLine} ${status}${output ? `: ${output}` : ''}`;
}

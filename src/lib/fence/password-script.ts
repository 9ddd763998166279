/**
 * fence-agents' `password_script` (-S): a program whose output is the password. fencing.py
 * runs it through a shell (os.popen) and takes its whole output; here it is run without a
 * shell, as an absolute path to an executable with no arguments, within a deadline, and the
 * first line of its output (trailing white space removed) is the password. The password is
 * registered with the logger's redaction at once; it is never put in argv or an environment,
 * and failures name the script, never its output (which may hold the password).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { runCommand } from '../exec/index.js';
import type { Deadline, Logger } from '../runtime/index.js';
import { FenceError } from './errors.js';

/** The script gets at most this long (and never more than the action has left). */
export const PASSWORD_SCRIPT_TIMEOUT_MS = 10_000;

/** Why `path` cannot be a password script, or undefined when it can. */
export function passwordScriptProblem(path: string): string | undefined {
  if (path.startsWith('-')) return 'must be an absolute path, not an option';
  if (!path.startsWith('/')) return 'must be an absolute path to an executable';
  if (/[\0\r\n]/.test(path)) return 'must be a path (no control characters)';
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return /\s/.test(path)
      ? 'does not exist (a path to an executable, not a command line: put arguments in a wrapper script)'
      : 'does not exist';
  }
  if (!isFile) return 'is not a regular file';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

/** Runs the script and returns the password it prints (already redacted in `log`). */
export async function passwordFromScript(
  path: string,
  options: { readonly env: Record<string, string>; readonly log: Logger; readonly deadline: Deadline },
): Promise<string> {
  const { log } = options;
  const shown = JSON.stringify(path);
  const problem = passwordScriptProblem(path);
  if (problem !== undefined) throw new FenceError('config', `password_script ${shown} ${problem}`);
  const deadline = options.deadline.sub(PASSWORD_SCRIPT_TIMEOUT_MS);
  log.debug(`password_script: running ${shown} (at most ${Math.round(deadline.remainingMs() / 1000)} s)`);
  // No `log` option: a trace would record the output, and the password is not known yet.
  const result = await runCommand(path, [], { deadline, env: options.env, replaceEnv: true, input: '' });
  const password = result.stdout.split('\n', 1)[0].replace(/\s+$/, '');
  log.redact(password);
  log.redact(result.stdout.trim());
  if (result.startError !== undefined) throw new FenceError('config', `password_script ${shown} could not be run (${result.startError})`);
  if (result.timedOut) throw new FenceError('config', `password_script ${shown} did not finish within ${Math.round(result.durationMs / 1000)} s`);
  if (result.exitCode !== 0) {
    const how = result.signal !== undefined ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
    throw new FenceError('config', `password_script ${shown} ${how} (its output is not shown: it may hold the password)`);
  }
  if (password === '') throw new FenceError('config', `password_script ${shown} printed no password (its first line is empty)`);
  log.debug(`password_script: ${shown} gave a password`);
  return password;
}

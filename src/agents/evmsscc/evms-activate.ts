/**
 * Running evms_activate: found on PATH or at the configured path, `-q` like the reference,
 * bounded by the action's deadline, tried at most `activate_attempts` times with a short random
 * pause between tries (another node's EVMS engine may hold the cluster lock for a moment).
 */
import { describeFailure, runCommand, type CommandResult } from '../../lib/exec/index.js';
import { findExecutable } from '../../lib/net/find-executable.js';
import type { Deadline, Logger } from '../../lib/ocf/index.js';
import { flatten } from './environment.js';

/** Accepted values of the evms_activate parameter: an absolute path or a plain program name. */
const PROGRAM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
const ABSOLUTE_PATH = /^\/[^\0]*$/;

export function checkProgramValue(value: string): string | undefined {
  if (PROGRAM_NAME.test(value) || ABSOLUTE_PATH.test(value)) return undefined;
  return `parameter "evms_activate" must be an absolute path or a program name found in PATH, not "${flatten(value)}"`;
}

/** The executable to run, or undefined when it cannot be found (or the value is not valid). */
export function locateEvmsActivate(value: string, path: string | undefined): string | undefined {
  if (checkProgramValue(value) !== undefined) return undefined;
  return findExecutable(value, path);
}

/**
 * How a run failed, short enough for an exit reason (Pacemaker keeps 128 characters of it):
 * the command line is left out (the log has it), the tool's last line of output kept.
 */
export function describeBriefly(result: CommandResult): string {
  if (result.startError !== undefined) return `could not be run (${result.startError})`;
  if (result.timedOut) return `did not finish in time (killed after ${(result.durationMs / 1000).toFixed(1)} s)`;
  const lines = (result.stderr.trim() || result.stdout.trim()).split('\n');
  const said = flatten(lines[lines.length - 1] ?? '').replace(/^evms_activate:\s*/, '');
  const status = result.signal !== undefined ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
  return said === '' ? status : `${status}: ${said}`;
}

export type ActivationOutcome =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly reason: string };

export interface ActivationPlan {
  readonly program: string;
  readonly attempts: number;
  readonly deadline: Deadline;
  /** Time kept after the last attempt (to check the devices and record the result). */
  readonly reserveMs: number;
  readonly log: Logger;
}

/** Shortest attempt worth starting: less and evms_activate cannot even open its engine. */
const MIN_ATTEMPT_MS = 1000;
const PAUSE_MIN_MS = 1000;
const PAUSE_SPREAD_MS = 2000;

export async function activateWithRetries(plan: ActivationPlan): Promise<ActivationOutcome> {
  const { program, deadline, reserveMs, log } = plan;
  let lastFailure = '';
  let tried = 0;
  for (let attempt = 1; attempt <= plan.attempts; attempt++) {
    const usable = deadline.remainingMs() - reserveMs;
    if (usable < MIN_ATTEMPT_MS) break;
    // The attempts left share what is left, so that a hung run still leaves time for the next.
    const share = Math.max(MIN_ATTEMPT_MS, Math.floor(usable / (plan.attempts - attempt + 1)));
    tried = attempt;
    const result = await runCommand(program, ['-q'], { deadline: deadline.sub(share, reserveMs), log });
    if (result.exitCode === 0) {
      if (attempt > 1) log.info(`evms_activate succeeded on attempt ${attempt} of ${plan.attempts}`);
      return { ok: true, attempts: attempt };
    }
    lastFailure = describeBriefly(result);
    const detail = flatten(describeFailure(result));
    if (attempt === plan.attempts) {
      log.warn(`evms_activate failed (attempt ${attempt} of ${plan.attempts}): ${detail}`);
      break;
    }
    const pause = PAUSE_MIN_MS + Math.floor(Math.random() * PAUSE_SPREAD_MS);
    log.warn(`evms_activate failed (attempt ${attempt} of ${plan.attempts}): ${detail}; trying again in ${(pause / 1000).toFixed(1)} s`);
    if (deadline.remainingMs() - reserveMs - pause < MIN_ATTEMPT_MS) break;
    await deadline.sleep(pause);
  }
  const times = tried === 1 ? 'once' : `${tried} times`;
  const shortOfTime = tried < plan.attempts ? ` (${tried} of ${plan.attempts} attempts fitted in the timeout)` : '';
  return {
    ok: false,
    attempts: tried,
    reason: tried === 0
      ? 'evms_activate was not run: no time was left in the action\'s timeout'
      : `evms_activate failed ${times}${shortOfTime}, last: ${lastFailure}`,
  };
}

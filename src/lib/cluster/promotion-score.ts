/**
 * A promotable resource's promotion score on this node, through
 * `crm_attribute --promotion` (Pacemaker ≥ 2.1; the attribute is master-<instance>,
 * the instance from OCF_RESOURCE_INSTANCE, lifetime reboot). Replaces the
 * deprecated crm_master; every call bounded by a deadline.
 */
import { describeFailure, runCommand, type CommandOptions, type CommandResult } from '../exec/index.js';
import type { Deadline } from '../runtime/deadline.js';

export type RunCommand = (command: string, args: readonly string[], options: CommandOptions) => Promise<CommandResult>;

export interface PromotionCall {
  readonly deadline: Deadline;
  /** OCF_RESOURCE_INSTANCE of the clone instance. */
  readonly instance: string;
  readonly log?: { debug(message: string): void };
  readonly run?: RunCommand;
}

export class PromotionScoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionScoreError';
  }
}

/** CRM_EX_NOSUCH: the attribute is not set. */
const EXIT_NOSUCH = 105;

async function crmAttribute(args: readonly string[], call: PromotionCall): Promise<CommandResult> {
  const run = call.run ?? runCommand;
  return run('crm_attribute', ['--promotion', '--lifetime', 'reboot', ...args], {
    deadline: call.deadline,
    log: call.log,
    env: { OCF_RESOURCE_INSTANCE: call.instance },
    killGraceMs: 200,
  });
}

/** The current score: a number, or undefined when none is set. */
export async function queryPromotionScore(call: PromotionCall): Promise<number | undefined> {
  const result = await crmAttribute(['--query', '--quiet'], call);
  const text = result.stdout.trim();
  if (result.exitCode === 0) {
    if (text === '' || text === '(null)') return undefined;
    if (/^-?\d+$/.test(text)) return Number(text);
    if (/^-?INFINITY$/i.test(text)) return text.startsWith('-') ? -1_000_000 : 1_000_000;
    throw new PromotionScoreError(`crm_attribute printed an unreadable promotion score: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (result.exitCode === EXIT_NOSUCH || /No such device or address/.test(result.stderr)) return undefined;
  throw new PromotionScoreError(`could not read the promotion score: ${describeFailure(result)}`);
}

export async function setPromotionScore(value: number, call: PromotionCall): Promise<void> {
  const result = await crmAttribute(['--update', String(value)], call);
  if (result.exitCode !== 0) throw new PromotionScoreError(`could not set the promotion score to ${value}: ${describeFailure(result)}`);
}

export async function removePromotionScore(call: PromotionCall): Promise<void> {
  const result = await crmAttribute(['--delete'], call);
  if (result.exitCode !== 0 && result.exitCode !== EXIT_NOSUCH) {
    throw new PromotionScoreError(`could not remove the promotion score: ${describeFailure(result)}`);
  }
}

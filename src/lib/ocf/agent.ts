/**
 * An OCF agent: one declaration (parameters, actions, descriptions) plus the handlers of the
 * actions it implements. `runOcfAgent` does the rest: dispatch, meta-data, validate-all from the
 * declaration, exit reasons, the action's deadline, logging.
 */
import { isatty } from 'node:tty';
import { TOLERANT_ACTIONS, type ActionSpec } from './actions.js';
import { readCrmMeta, type CrmMeta } from './crm-meta.js';
import { Deadline } from '../runtime/deadline.js';
import { OcfError, OcfExit } from './exit-codes.js';
import { Logger } from '../runtime/log.js';
import { parseTimeMs } from '../runtime/values.js';
import { renderMetadataXml } from './metadata-xml.js';
import { openRaTrace, traceEnvironment } from './trace.js';
import { writeAllSync } from '../runtime/output.js';
import { parseParameters, type ParameterProblem, type ParameterSpec, type ParameterValues } from '../runtime/parameters.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ActionContext<Ps extends readonly ParameterSpec[]> {
  readonly action: string;
  readonly params: ParameterValues<Ps>;
  /** What is wrong with the configuration (only non-empty in tolerant actions: stop, monitor…). */
  readonly problems: readonly ParameterProblem[];
  /** Parameters as the user gave them (strings), for "was it set?" questions. */
  readonly given: Readonly<Record<string, string>>;
  readonly meta: CrmMeta;
  /** monitor with interval 0: report state only, never wait or retry. */
  readonly isProbe: boolean;
  /** The time Pacemaker gave this action, less a margin to report failure before being killed. */
  readonly deadline: Deadline;
  readonly log: Logger;
  readonly env: Env;
  /** OCF_RESOURCE_INSTANCE (the resource id; clone instances keep their ":N" suffix). */
  readonly instance: string;
}

export type ActionHandler<Ps extends readonly ParameterSpec[]> = (context: ActionContext<Ps>) => Promise<OcfExit>;

export interface OcfAgentDefinition<Ps extends readonly ParameterSpec[]> {
  readonly name: string;
  readonly version: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  readonly parameters: Ps;
  /** For meta-data; an action may appear more than once (monitor per role or depth). */
  readonly actions: readonly ActionSpec[];
  readonly handlers: Readonly<Record<string, ActionHandler<Ps>>>;
  /** The agent's own checks for validate-all, after the declaration's; throw OcfError to fail. */
  readonly validate?: (context: ActionContext<Ps>) => Promise<void>;
}

export function defineOcfAgent<const Ps extends readonly ParameterSpec[]>(
  definition: OcfAgentDefinition<Ps>,
): OcfAgentDefinition<Ps> {
  return definition;
}

export function agentMetadata<Ps extends readonly ParameterSpec[]>(agent: OcfAgentDefinition<Ps>): string {
  return renderMetadataXml(agent);
}

function actionNames<Ps extends readonly ParameterSpec[]>(agent: OcfAgentDefinition<Ps>): string[] {
  const names = new Set<string>([...Object.keys(agent.handlers), 'meta-data', 'validate-all']);
  return [...names];
}

export function usageText<Ps extends readonly ParameterSpec[]>(agent: OcfAgentDefinition<Ps>): string {
  return `usage: ${agent.name} {${actionNames(agent).join('|')}}\n`;
}

const DEFAULT_TIMEOUT_MS = 20_000;

function declaredTimeoutMs<Ps extends readonly ParameterSpec[]>(agent: OcfAgentDefinition<Ps>, action: string): number {
  const declared = agent.actions.find((spec) => spec.name === action)?.timeout;
  return (declared === undefined ? undefined : parseTimeMs(declared)) ?? DEFAULT_TIMEOUT_MS;
}

export interface RunOptions {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly interactive: boolean;
}

function describeProblems(problems: readonly ParameterProblem[]): string {
  return problems.map((problem) => problem.message).join('; ');
}

/** Run one action and return its exit code; never throws. */
export async function runOcfAction<Ps extends readonly ParameterSpec[]>(
  agent: OcfAgentDefinition<Ps>,
  options: RunOptions,
): Promise<OcfExit> {
  const { argv, env } = options;
  const action = argv[0];
  if (action === 'meta-data') {
    options.stdout(agentMetadata(agent));
    return OcfExit.Success;
  }
  if (action === 'usage' || action === 'help' || action === '--help') {
    options.stdout(usageText(agent));
    return OcfExit.Success;
  }
  if (action === undefined || argv.length !== 1) {
    options.stderr(usageText(agent));
    return OcfExit.ErrArgs;
  }
  const handler = agent.handlers[action];
  if (handler === undefined && action !== 'validate-all') {
    options.stderr(`${agent.name}: action "${action}" is not implemented\n${usageText(agent)}`);
    return OcfExit.ErrUnimplemented;
  }

  const log = new Logger({ env, program: agent.name, interactive: options.interactive, writeStderr: options.stderr });
  const parsed = parseParameters(agent.parameters, env);
  for (const spec of agent.parameters) {
    if (spec.secret) log.redact(parsed.given[spec.name]);
  }
  const meta = readCrmMeta(env);
  const trace = openRaTrace(env, agent.name, action, options.interactive);
  if (trace !== undefined) {
    log.setTap(trace.write);
    log.trace(`${agent.name} ${action} (pid ${process.pid})`);
    for (const line of traceEnvironment(env)) log.trace(line);
  }
  const context: ActionContext<Ps> = {
    action,
    params: parsed.values,
    problems: parsed.problems,
    given: parsed.given,
    meta,
    isProbe: action === 'monitor' && meta.intervalMs === 0,
    deadline: Deadline.forAction(meta.timeoutMs ?? declaredTimeoutMs(agent, action)),
    log,
    env,
    instance: env.OCF_RESOURCE_INSTANCE ?? agent.name,
  };

  if (trace !== undefined) {
    const timeoutMs = meta.timeoutMs ?? declaredTimeoutMs(agent, action);
    log.trace(`deadline: ${timeoutMs} ms${meta.timeoutMs === undefined ? ' (declared default: no CRM_meta_timeout)' : ' (CRM_meta_timeout)'}, `
      + `${context.deadline.remainingMs()} ms left for the action after the margin to report failure`);
  }
  try {
    if (parsed.problems.length > 0) {
      if (!TOLERANT_ACTIONS.has(action)) {
        throw new OcfError(OcfExit.ErrConfigured, `invalid configuration: ${describeProblems(parsed.problems)}`);
      }
      for (const problem of parsed.problems) log.warn(`${problem.message} (${action} carries on with the default)`);
    }
    if (parsed.compatibility.length > 0) {
      // Values the reference agent ran with: validate-all reports them so that a sysadmin can
      // check a CIB before switching; every other action uses the reference's reading and warns
      // (a recurring monitor at debug level, not every few seconds).
      if (action === 'validate-all') {
        throw new OcfError(OcfExit.ErrConfigured, `invalid configuration: ${describeProblems(parsed.compatibility)}`);
      }
      const recurring = action === 'monitor' && meta.intervalMs > 0;
      for (const notice of parsed.compatibility) (recurring ? log.debug : log.warn).call(log, notice.message);
    }
    if (action === 'validate-all') {
      await agent.validate?.(context);
      return handler ? await handler(context) : OcfExit.Success;
    }
    return await (handler as ActionHandler<Ps>)(context);
  } catch (error) {
    log.debugError(error);
    if (error instanceof OcfError) {
      log.exitReason(error.reason);
      return error.code;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.exitReason(`${action} failed unexpectedly: ${message}`);
    return OcfExit.ErrGeneric;
  } finally {
    if (trace !== undefined) log.trace(`${action} finished after ${Math.round(performance.now())} ms of process time`);
    await log.close();
  }
}

/** Entry point of an agent executable: runs the action named in argv and exits with its code. */
export function runOcfAgent<Ps extends readonly ParameterSpec[]>(agent: OcfAgentDefinition<Ps>): void {
  runOcfAction(agent, {
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => writeAllSync(1, text),
    stderr: (text) => writeAllSync(2, text),
    interactive: isatty(1),
  }).then(
    (code) => process.exit(code),
    () => process.exit(OcfExit.ErrGeneric),
  );
}

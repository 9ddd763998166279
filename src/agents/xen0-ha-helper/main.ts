/**
 * The Dom0 side of external/xen0-ha: `xen0-ha-helper {off|on|reset|status} DOMU [TIMEOUT]`,
 * run over ssh by the DomU cluster's plugin. A DomU is fenced by having the Dom0 cluster stop
 * it (target-role=Stopped), so that the Dom0 cluster knows and does not restart it; the
 * Dom0 resource id must equal the DomU's host name, and off/on/reset change only a resource of
 * type Xen (ocf:heartbeat:Xen or ocf:xenha:Xen): never anything else, e.g. the Dom0's own
 * fencing devices. Meant to be the DomU key's authorized_keys forced command with an
 * allow-list (see request.ts and docs/fencing.md).
 *
 * Exit codes: 0 done; 1 failed or timed out; 2 usage; 3 no such resource in the Dom0 CIB;
 * 4 the Dom0 cluster cannot be asked; 5 refused (not allowed for this caller, not a Xen
 * resource, not the helper's command). stdout: the resulting state ("stopped", "running
 * NODE…"); stderr: why it failed.
 */
import { Deadline, Logger, parseInteger } from '../../lib/runtime/index.js';
import {
  locateResource, resourceAgent, type ResourceLocation, type TargetRole,
} from '../../lib/cluster/resource-role.js';
import { driveResourceRole } from '../../lib/cluster/drive-resource.js';
import { parseRequest, RequestProblem } from './request.js';

export enum HelperExit {
  Ok = 0,
  Failed = 1,
  Usage = 2,
  NoSuchResource = 3,
  ClusterUnavailable = 4,
  Refused = 5,
}

/** The resource agents whose resources the helper may stop and start. */
const XEN_AGENT_TYPE = 'Xen';
const XEN_AGENT_PROVIDERS: readonly string[] = ['heartbeat', 'xenha'];

/** As the reference helper: no (or a zero) timeout means 300 s. */
const DEFAULT_TIMEOUT_S = 300;
const POLL_MS = 1000;
/** One crm_resource call never takes longer than this. */
const CALL_LIMIT_MS = 15_000;
/** How far past TIMEOUT the last crm_resource call may run. */
const CALL_GRACE_MS = 5_000;

class HelperFailure extends Error {
  constructor(readonly code: HelperExit, message: string) {
    super(message);
  }
}

function describeLocation(location: ResourceLocation): string {
  return location.kind === 'running' ? `running ${location.nodes.join(' ')}` : location.kind;
}

interface HelperContext {
  readonly domu: string;
  readonly log: Logger;
}

/** The helper's failure for a resource the Dom0 CIB lacks, or a cluster that cannot be asked. */
function cannotAsk(domu: string, answer: { readonly kind: 'not-found' | 'failed'; readonly detail: string }, question: string): HelperFailure {
  return answer.kind === 'not-found'
    ? new HelperFailure(HelperExit.NoSuchResource,
      `resource ${domu} not found in the Dom0 CIB (the Dom0 resource id must equal the DomU host name): ${answer.detail}`)
    : new HelperFailure(HelperExit.ClusterUnavailable, `cannot ask the Dom0 cluster ${question}: ${answer.detail}`);
}

async function locate(context: HelperContext, deadline: Deadline): Promise<ResourceLocation> {
  const location = await locateResource(context.domu, { deadline: deadline.sub(CALL_LIMIT_MS), log: context.log });
  if (location.kind === 'not-found' || location.kind === 'failed') throw cannotAsk(context.domu, location, `where ${context.domu} runs`);
  return location;
}

/** Only a Xen resource may be driven: refuse anything else before changing it. */
async function requireXenResource(context: HelperContext, deadline: Deadline): Promise<void> {
  const agent = await resourceAgent(context.domu, { deadline: deadline.sub(CALL_LIMIT_MS), log: context.log });
  if (agent.kind === 'not-found' || agent.kind === 'failed') throw cannotAsk(context.domu, agent, `what ${context.domu} is`);
  const name = `${agent.class}${agent.provider === undefined ? '' : `:${agent.provider}`}:${agent.type}`;
  if (agent.class !== 'ocf' || agent.type !== XEN_AGENT_TYPE || !XEN_AGENT_PROVIDERS.includes(agent.provider ?? '')) {
    throw new HelperFailure(HelperExit.Refused,
      `resource ${context.domu} is a ${name} resource, not a Xen domain (ocf:heartbeat:Xen or ocf:xenha:Xen): refusing to touch it`);
  }
}

/** Set target-role, then wait until the cluster reports the wanted state (stopped everywhere / running). */
async function drive(context: HelperContext, role: TargetRole, timeoutS: number): Promise<void> {
  const { domu, log } = context;
  // The wait is TIMEOUT; crm_resource calls may run a little past it to give the last answer.
  const wait = new Deadline(timeoutS * 1000);
  const calls = new Deadline(timeoutS * 1000 + CALL_GRACE_MS);
  await requireXenResource(context, calls);
  const result = await driveResourceRole(domu, role, { wait, calls, callLimitMs: CALL_LIMIT_MS, pollMs: POLL_MS, log });
  switch (result.kind) {
    case 'reached':
      log.info(`${domu} is ${describeLocation(result.location)}`);
      process.stdout.write(`${describeLocation(result.location)}\n`);
      return;
    case 'not-found':
      throw cannotAsk(domu, result, `where ${domu} runs`);
    case 'unavailable':
      throw cannotAsk(domu, { kind: 'failed', detail: result.detail }, `where ${domu} runs`);
    case 'refused':
      throw new HelperFailure(HelperExit.Failed, `cannot set target-role=${role} on ${domu}: ${result.detail}`);
    case 'timed-out':
      throw new HelperFailure(HelperExit.Failed,
        `${domu} is still ${describeLocation(result.location)} ${timeoutS} s after target-role=${role} was set`);
  }
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, log: Logger): Promise<HelperExit> {
  let request;
  try {
    request = parseRequest(argv, env);
  } catch (error) {
    if (error instanceof RequestProblem) {
      throw new HelperFailure(error.kind === 'refused' ? HelperExit.Refused : HelperExit.Usage, error.message);
    }
    throw error;
  }
  const { command, domu, timeoutWord: timeoutArg } = request;
  const timeout = timeoutArg === undefined || timeoutArg === '' ? 0 : parseInteger(timeoutArg);
  if (timeout === undefined || timeout < 0) {
    throw new HelperFailure(HelperExit.Usage, `invalid timeout "${timeoutArg}": a number of seconds`);
  }
  const timeoutS = timeout === 0 ? DEFAULT_TIMEOUT_S : timeout;
  const context: HelperContext = { domu, log };
  log.info(`${command} ${domu}${command === 'status' ? '' : ` (timeout ${timeoutS} s)`}`);
  switch (command) {
    case 'status': {
      // Read-only, and polled while a fencing is confirmed: one crm_resource call, no type check.
      const location = await locate(context, new Deadline(CALL_LIMIT_MS));
      process.stdout.write(`${describeLocation(location)}\n`);
      return HelperExit.Ok;
    }
    case 'off':
      await drive(context, 'Stopped', timeoutS);
      return HelperExit.Ok;
    case 'on':
      await drive(context, 'Started', timeoutS);
      return HelperExit.Ok;
    default:
      await drive(context, 'Stopped', timeoutS);
      await drive(context, 'Started', timeoutS);
      return HelperExit.Ok;
  }
}

async function main(): Promise<HelperExit> {
  // Logs go to the Dom0's syslog (daemon) unless the environment says otherwise; what the
  // caller needs to know is written to stdout/stderr explicitly.
  const log = new Logger({
    env: { HA_LOGFACILITY: 'daemon', HA_LOGTAG: `xen0-ha-helper[${process.pid}]`, ...process.env },
    program: 'xen0-ha-helper',
    interactive: false,
    writeStderr: () => undefined,
  });
  try {
    return await run(process.argv.slice(2), process.env, log);
  } catch (error) {
    const failure = error instanceof HelperFailure ? error : new HelperFailure(HelperExit.Failed, error instanceof Error ? error.message : String(error));
    log.err(failure.message);
    process.stderr.write(`xen0-ha-helper: ${failure.message}\n`);
    return failure.code;
  } finally {
    await log.close();
  }
}

main().then((code) => process.exit(code), () => process.exit(HelperExit.Failed));

/**
 * A configured device: the plugin's parameters parsed from whatever the protocol delivered
 * (environment or key=value lines), and the operation runner that every protocol shares —
 * deadline, lock, context, cleanup.
 */
import { Deadline, Logger, parseParameterValues, type ParameterProblem, type ParameterSpec, type ParameterValues } from '../runtime/index.js';
import { fenceChildEnvironment } from './child-env.js';
import { describeError, FenceError } from './errors.js';
import { findHost } from './hosts.js';
import { acquireDeviceLock, lockDirectory, type FlockRunner } from './lock.js';
import type { FenceContext, FencePluginDefinition, PowerAction } from './plugin.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfiguredDevice<Ps extends readonly ParameterSpec[]> {
  readonly params: ParameterValues<Ps>;
  readonly given: Readonly<Record<string, string>>;
  readonly problems: readonly ParameterProblem[];
  readonly hosts: readonly string[];
  /** Values of secret parameters: redacted from logs, kept out of children. */
  readonly secrets: readonly string[];
}

/** Every name a plugin parameter may arrive under (names and aliases). */
export function parameterNames(parameters: readonly ParameterSpec[]): string[] {
  return parameters.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]);
}

/**
 * Parse the plugin's parameters from `raw` (name → value, by parameter name or alias), with the
 * core's rules: empty means unset, defaults apply, every problem is reported.
 */
export function configureDevice<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  raw: Readonly<Record<string, string | undefined>>,
  log: Logger,
  options: { readonly hostListOptional?: boolean } = {},
): ConfiguredDevice<Ps> {
  // fence-agents mode: Pacemaker's pcmk_host_list / pcmk_host_map may name the hosts instead.
  const specs = options.hostListOptional && plugin.hostListParameter !== undefined
    ? plugin.parameters.map((spec) => (spec.name === plugin.hostListParameter ? { ...spec, required: false } : spec))
    : plugin.parameters;
  const parsed = parseParameterValues(specs, raw) as ReturnType<typeof parseParameterValues<Ps>>;
  const secrets: string[] = [];
  for (const spec of plugin.parameters) {
    const value = parsed.given[spec.name];
    if (spec.secret && value) {
      secrets.push(value);
      log.redact(value);
    }
  }
  const problems = [...parsed.problems];
  let hosts: string[] = [];
  if (problems.length === 0) {
    try {
      plugin.validate?.(parsed.values, log);
      hosts = plugin.hosts(parsed.values);
    } catch (error) {
      problems.push({ parameter: '', message: describeError(error) });
    }
  } else {
    try { hosts = plugin.hosts(parsed.values); } catch { hosts = []; }
  }
  return { params: parsed.values, given: parsed.given, problems, hosts, secrets };
}

/** Fail with a configuration error when the device's parameters are unusable. */
export function requireValidConfiguration<Ps extends readonly ParameterSpec[]>(device: ConfiguredDevice<Ps>): void {
  if (device.problems.length > 0) {
    throw new FenceError('config', `invalid configuration: ${device.problems.map((p) => p.message).join('; ')}`);
  }
}

/** The configured host that `requested` names (case-insensitively), or an error naming the hostlist. */
export function resolveHost<Ps extends readonly ParameterSpec[]>(device: ConfiguredDevice<Ps>, requested: string | undefined): string {
  if (requested === undefined || requested.trim() === '') {
    throw new FenceError('config', 'no host given: name the host to fence');
  }
  const host = findHost(device.hosts, requested);
  if (host === undefined) {
    throw new FenceError('unknown-host', `host "${requested}" is not controlled by this device (hostlist: ${device.hosts.join(', ') || 'empty'})`);
  }
  return host;
}

export interface OperationOptions {
  readonly env: Env;
  readonly log: Logger;
  /** off/on/reset take the device lock; status does not. */
  readonly action: PowerAction | 'status';
  readonly host?: string;
  readonly flock?: FlockRunner;
  /** How long ago the process started; the default is its uptime. */
  readonly startedAgoMs?: () => number;
}

/**
 * Run `body` with a context whose deadline is the plugin's operation timeout (from process
 * start), holding the device lock for power actions, and close what the plugin opened.
 */
export async function withOperation<Ps extends readonly ParameterSpec[], T>(
  plugin: FencePluginDefinition<Ps>,
  device: ConfiguredDevice<Ps>,
  options: OperationOptions,
  body: (context: FenceContext<Ps>) => Promise<T>,
): Promise<T> {
  const { env, log, action, host, flock } = options;
  const timeoutMs = plugin.operationTimeoutMs(device.params, action);
  const deadline = options.startedAgoMs ? Deadline.forAction(timeoutMs, options.startedAgoMs()) : Deadline.forAction(timeoutMs);
  const cleanups: (() => Promise<void> | void)[] = [];
  const names = parameterNames(plugin.parameters);
  const context: FenceContext<Ps> = {
    params: device.params,
    given: device.given,
    hosts: device.hosts,
    deadline,
    log,
    env,
    childEnv: () => fenceChildEnvironment(env, names, device.secrets),
    onClose: (cleanup) => { cleanups.push(cleanup); },
  };
  const lock = action === 'status' ? undefined : await acquireDeviceLock({
    dir: lockDirectory(env),
    key: plugin.deviceKey(device.params, host),
    purpose: `${action}${host ? ` ${host}` : ''}`,
    deadline,
    log,
    flock,
  });
  try {
    return await body(context);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log.debug(`cleanup failed: ${describeError(error)}`);
      }
    }
    lock?.release();
  }
}

/**
 * The fence-agents protocol (fencing.py's interface, what Pacemaker uses for every `fence_*`
 * agent): options on stdin or the command line (one table: fence-agents-options.ts), actions
 * on/off/reboot/status/list/list-status/monitor/metadata/manpage/validate-all, fence-agents
 * messages and EC_* exit codes, and the standard delay, power_wait and retry_on.
 */
import { Deadline, Logger, parseTimeMs, type ParameterSpec } from '../runtime/index.js';
import { configureDevice, requireValidConfiguration, resolveHost, withOperation, type ConfiguredDevice } from './device.js';
import { describeError, FenceAgentExit, fenceAgentExitFor, FenceError } from './errors.js';
import { fenceAgentOptionTable, flagIsSet, parseFenceAgentArgs, parseFenceAgentStdin, type FenceAgentOptions } from './fence-agents-options.js';
import { getoptForm } from './fence-agents-standard.js';
import { renderFenceAgentManpage } from './manpage.js';
import { fenceAgentActions, renderFenceAgentMetadata } from './metadata.js';
import type { FencePluginDefinition, PowerAction, PowerState } from './plugin.js';
import { performPowerAction } from './power.js';
import { fenceChildEnvironment } from './child-env.js';
import { passwordFromScript, PASSWORD_SCRIPT_TIMEOUT_MS } from './password-script.js';
import { parseSshOptions } from './ssh-options.js';
import { reportFailure, type ProtocolIo } from './protocol-io.js';

const POWER_ACTIONS: Readonly<Record<string, PowerAction>> = { on: 'on', off: 'off', reboot: 'reset' };
const SUCCESS_MESSAGES: Readonly<Record<PowerAction, string>> = { on: 'Success: Powered ON', off: 'Success: Powered OFF', reset: 'Success: Rebooted' };
/** A host name given as plug when no hostlist is configured (Pacemaker's pcmk_host_list chose the device). */
const PLUG_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;

export function fenceAgentUsage<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const lines = [
    `Usage: ${plugin.fenceAgentName} [options]`,
    '       or key=value lines on stdin (what Pacemaker passes) when no option is given',
    'Options:',
  ];
  for (const entry of fenceAgentOptionTable(plugin)) {
    const notes = [
      ...(entry.spec?.secret ? ['stdin only'] : []),
      ...(entry.deprecated ? ['prefer the standard option'] : []),
      ...(entry.option.default !== undefined && entry.option.name !== 'action' ? [`default ${entry.option.default}`] : []),
    ];
    lines.push(`   ${getoptForm(entry.option).padEnd(40)} ${entry.option.shortdesc}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  lines.push(
    '',
    `Actions (-o): ${fenceAgentActions(plugin).join(', ')}; the default is reboot.`,
    'Booleans: an option alone means true; --name=false (or 0, no, off) switches it off, as',
    'does name=false on stdin. Times are seconds unless a unit is given (500ms, 2min).',
  );
  if (plugin.hostListParameter) {
    lines.push(`Hosts: ${plugin.hostListParameter} lists them; without it, the host named by -n / plug is fenced`,
      '(Pacemaker then chooses the device by pcmk_host_list or pcmk_host_map).');
  }
  return `${lines.join('\n')}\n`;
}

async function readOptions<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>, io: ProtocolIo): Promise<FenceAgentOptions> {
  if (io.argv.length > 0) return parseFenceAgentArgs(io.argv, plugin);
  return parseFenceAgentStdin(await io.readStdin(), plugin);
}

export async function runFenceAgentProtocol<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
): Promise<number> {
  const options = await readOptions(plugin, io);
  const debugFile = options.values.debug_file;
  const verbose = flagIsSet(options.values.verbose) || (debugFile !== undefined && debugFile !== '');
  const env = {
    ...io.env,
    ...(verbose ? { HA_debug: '1' } : {}),
    ...(debugFile && debugFile.startsWith('/') ? { HA_DEBUGLOG: debugFile } : {}),
  };
  const log = new Logger({ env, program: plugin.fenceAgentName, interactive: io.interactive, writeStderr: io.stderr });
  try {
    return await dispatch(plugin, io, log, options);
  } finally {
    await log.close();
  }
}

/** Longest delay or power_wait accepted: every wait stays bounded. */
const MAX_WAIT_OPTION_MS = 600_000;

/** A whole number of seconds or a time with a unit, as fencing.py's "second" options. */
/**
 * A core option in seconds (delay, power_wait); 0 when unset, or when the plugin declares a
 * parameter of that name (then the value is the plugin's, with the plugin's meaning).
 */
function secondsOption(options: FenceAgentOptions, name: string, pluginParameters: readonly ParameterSpec[]): number {
  if (pluginParameters.some((spec) => spec.name === name)) return 0;
  const raw = options.values[name];
  if (raw === undefined || raw.trim() === '') return 0;
  const ms = parseTimeMs(raw);
  if (ms === undefined) throw new FenceError('config', `${name} must be a number of seconds, not "${raw}"`);
  if (ms > MAX_WAIT_OPTION_MS) throw new FenceError('config', `${name} must be at most ${MAX_WAIT_OPTION_MS / 1000} seconds, not "${raw}"`);
  return ms;
}

function attemptsOption(options: FenceAgentOptions): number {
  const raw = options.values.retry_on;
  if (raw === undefined || raw.trim() === '') return 1;
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1 || Number(raw) > 10) throw new FenceError('config', `retry_on must be a whole number from 1 to 10, not "${raw}"`);
  return Number(raw);
}

/**
 * The host to act on: one of the hostlist, or, with no hostlist configured, the plug itself
 * (Pacemaker chose this device for it through pcmk_host_list or pcmk_host_map).
 */
function targetHost<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>, device: ConfiguredDevice<Ps>, requested: string | undefined): string {
  const hostsChosenByPacemaker = plugin.hostListParameter !== undefined && device.given[plugin.hostListParameter] === undefined;
  if (!hostsChosenByPacemaker || requested === undefined || requested.trim() === '') return resolveHost(device, requested);
  const host = requested.trim();
  if (!PLUG_NAME.test(host)) throw new FenceError('config', 'the plug is not a host name (letters, digits, ".", "-", "_", ":"; not starting with "-")');
  return host;
}

async function dispatch<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
  log: Logger,
  options: FenceAgentOptions,
): Promise<number> {
  const { values } = options;
  if (flagIsSet(values.help)) {
    io.stdout(fenceAgentUsage(plugin));
    return FenceAgentExit.Ok;
  }
  if (flagIsSet(values.version)) {
    io.stdout(`${plugin.fenceAgentName} ${plugin.version}\n`);
    return FenceAgentExit.Ok;
  }
  const action = (values.action ?? 'reboot').trim().toLowerCase();
  if (action === 'metadata') {
    io.stdout(renderFenceAgentMetadata(plugin));
    return FenceAgentExit.Ok;
  }
  if (action === 'manpage') {
    io.stdout(renderFenceAgentManpage(plugin));
    return FenceAgentExit.Ok;
  }
  if (options.problems.length > 0) {
    reportFailure(io, log, `Failed: ${options.problems.join('; ')} (see ${plugin.fenceAgentName} -h)`);
    return FenceAgentExit.GenericError;
  }
  for (const message of options.ignored) log.warn(`Parse error: ${message}`);

  const requested = values.plug || values.nodename || undefined;
  const operation = { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log };
  try {
    const device = configureDevice(plugin, await withDerivedOptions(plugin, values, io, log), log, { hostListOptional: true });
    const powerAction = POWER_ACTIONS[action];
    if (powerAction !== undefined) {
      if (!fenceAgentActions(plugin).includes(action)) {
        throw new FenceError('unsupported', `Unsupported action '${action}': ${plugin.fenceAgentName} cannot power hosts ${action}`);
      }
      requireValidConfiguration(device);
      const host = targetHost(plugin, device, requested);
      const delayMs = secondsOption(options, 'delay', plugin.parameters);
      const powerWaitMs = secondsOption(options, 'power_wait', plugin.parameters);
      const attempts = attemptsOption(options);
      if (delayMs > 0) {
        log.info(`delay: waiting ${delayMs / 1000} s before ${action} of ${host}`);
        await new Promise((resolve) => { setTimeout(resolve, delayMs); });
      }
      // The delay is not the device's time: the operation's deadline starts after it.
      const startedAgoMs = () => (io.startedAgoMs ? io.startedAgoMs() : process.uptime() * 1000) - delayMs;
      for (let attempt = 1; ; attempt += 1) {
        try {
          const outcome = await withOperation(plugin, device, { ...operation, startedAgoMs, action: powerAction, host },
            (context) => performPowerAction(plugin, context, powerAction, host, { powerWaitMs }));
          if (outcome.powerOnProblem) log.warn(`${host} was fenced but not powered back on: ${outcome.powerOnProblem}`);
          break;
        } catch (error) {
          const retryable = error instanceof FenceError && !['config', 'unknown-host', 'unsupported', 'host-key'].includes(error.failure);
          if (!retryable || attempt >= attempts) throw error;
          log.warn(`${action} of ${host}, attempt ${attempt} of ${attempts}, failed: ${describeError(error)}; retrying`);
        }
      }
      log.info(`${action} of ${host}: success`);
      io.stdout(`${SUCCESS_MESSAGES[powerAction]}\n`);
      return FenceAgentExit.Ok;
    }
    switch (action) {
      case 'validate-all':
        requireValidConfiguration(device);
        secondsOption(options, 'delay', plugin.parameters);
        secondsOption(options, 'power_wait', plugin.parameters);
        attemptsOption(options);
        return FenceAgentExit.Ok;
      case 'list':
        requireListedHosts(plugin, device);
        io.stdout(device.hosts.map((host) => `${host},\n`).join(''));
        return FenceAgentExit.Ok;
      case 'list-status': {
        requireListedHosts(plugin, device);
        const states = await withOperation(plugin, device, { ...operation, action: 'status' },
          (context) => Promise.all(device.hosts.map((host) => plugin.powerStatus(context, host, context.deadline)
            .then((state): PowerState | 'unknown' => state, (error: unknown) => { log.warn(`status of ${host}: ${describeError(error)}`); return 'unknown'; }))));
        io.stdout(device.hosts.map((host, index) => `${host},,${states[index].toUpperCase()}\n`).join(''));
        return FenceAgentExit.Ok;
      }
      case 'monitor':
        await deviceStatus(plugin, device, io, log);
        return FenceAgentExit.Ok;
      case 'status': {
        if (requested === undefined) {
          await deviceStatus(plugin, device, io, log);
          return FenceAgentExit.Ok;
        }
        requireValidConfiguration(device);
        const host = targetHost(plugin, device, requested);
        const state = await withOperation(plugin, device, { ...operation, action: 'status', host },
          (context) => plugin.powerStatus(context, host, context.deadline));
        io.stdout(`Status: ${state.toUpperCase()}\n`);
        return state === 'on' ? FenceAgentExit.Ok : FenceAgentExit.StatusOff;
      }
      default:
        throw new FenceError('unsupported', `Unrecognised action '${action}' (expected ${fenceAgentActions(plugin).join(', ')})`);
    }
  } catch (error) {
    const failure = error instanceof FenceError ? error.failure : 'device';
    reportFailure(io, log, `Failed: ${describeError(error)}`);
    return fenceAgentExitFor(failure);
  }
}

/**
 * The values with what ssh_options and password_script stand for applied to the plugin's
 * parameters: ssh_options' port, user and identity (a conflict with the same parameter given
 * directly is a configuration error), and the password the script prints (it overrides a
 * password given as well, as in fencing.py).
 */
async function withDerivedOptions<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  values: Readonly<Record<string, string>>,
  io: ProtocolIo,
  log: Logger,
): Promise<Record<string, string>> {
  const derived: Record<string, string> = { ...values };
  delete derived.password_script;
  delete derived.ssh_options;
  const mapped = plugin.fenceAgentOptions ?? {};
  const sshOptions = values.ssh_options;
  if (plugin.sshOptions && sshOptions !== undefined) {
    const { settings, ignored } = parseSshOptions(sshOptions, { port: mapped.ipport, user: mapped.username, identityFile: mapped.identity_file });
    for (const [target, value] of Object.entries(settings)) {
      if (derived[target] !== undefined && derived[target].trim() !== value) {
        throw new FenceError('config', `ssh_options sets ${target} to "${value}", but ${target} is also given as "${derived[target]}": keep one`);
      }
      derived[target] = value;
    }
    if (ignored.length > 0) log.warn(`ssh_options: ignored, as this ssh client has no use for them: ${ignored.join(', ')}`);
  }
  const script = values.password_script;
  const passwordTarget = mapped.password;
  if (passwordTarget !== undefined && script !== undefined && script.trim() !== '') {
    const given = values[passwordTarget];
    log.redact(given);
    if (given !== undefined && given !== '') log.warn(`both ${passwordTarget} and password_script are set: using password_script, as fence-agents does`);
    const env = fenceChildEnvironment(io.env, plugin.parameters.map((spec) => spec.name), given ? [given] : []);
    derived[passwordTarget] = await passwordFromScript(script.trim(), { env, log, deadline: new Deadline(PASSWORD_SCRIPT_TIMEOUT_MS) });
  }
  return derived;
}

function requireListedHosts<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>, device: ConfiguredDevice<Ps>): void {
  requireValidConfiguration(device);
  if (device.hosts.length === 0) {
    throw new FenceError('config', `no ${plugin.hostListParameter ?? 'hostlist'} configured: this device lists no hosts (set it, or let Pacemaker choose the device with pcmk_host_list)`);
  }
}

/**
 * monitor: the device works. With hosts configured, the plugin checks them; without (hosts
 * chosen by pcmk_host_list), only the configuration can be checked.
 */
async function deviceStatus<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  device: ConfiguredDevice<Ps>,
  io: ProtocolIo,
  log: Logger,
): Promise<void> {
  requireValidConfiguration(device);
  if (device.hosts.length === 0) {
    if (plugin.hostListParameter !== undefined) {
      log.info(`monitor: no ${plugin.hostListParameter} configured (hosts chosen by Pacemaker): configuration checked, no host contacted`);
      return;
    }
    throw new FenceError('config', 'the hostlist is empty');
  }
  await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: 'status' },
    (context) => plugin.deviceStatus(context, context.deadline));
}

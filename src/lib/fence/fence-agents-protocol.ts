/**
 * The fence-agents protocol (fencing.py's interface, what Pacemaker uses for every `fence_*`
 * agent): options on stdin or the command line, actions on/off/reboot/status/monitor/list/
 * metadata/validate-all, fence-agents messages and EC_* exit codes.
 */
import { Logger, type ParameterSpec } from '../runtime/index.js';
import { configureDevice, requireValidConfiguration, resolveHost, withOperation, type ConfiguredDevice } from './device.js';
import { describeError, FenceAgentExit, fenceAgentExitFor, FenceError } from './errors.js';
import { parseFenceAgentArgs, parseFenceAgentStdin, type FenceAgentOptions } from './fence-agents-options.js';
import { optionName, renderFenceAgentMetadata } from './metadata.js';
import type { FencePluginDefinition, PowerAction } from './plugin.js';
import { supportedPowerActions } from './plugin.js';
import { performPowerAction } from './power.js';
import { reportFailure, type ProtocolIo } from './protocol-io.js';

const POWER_ACTIONS: Readonly<Record<string, PowerAction>> = { on: 'on', off: 'off', reboot: 'reset' };
const SUCCESS_MESSAGES: Readonly<Record<PowerAction, string>> = { on: 'Success: Powered ON', off: 'Success: Powered OFF', reset: 'Success: Rebooted' };

export function fenceAgentUsage<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): string {
  const lines = [
    `Usage: ${plugin.fenceAgentName} [options]`,
    `       key=value lines on stdin, as Pacemaker passes them, when no option is given`,
    'Options:',
    '   -o, --action=[action]          on, off, reboot (default), status, monitor, list, metadata, validate-all',
    '   -n, --plug=[host]              the host to fence (also: port=, nodename= on stdin)',
    ...plugin.parameters.map((spec) => `   ${`${optionName(spec.name)}${spec.type === 'boolean' ? '' : '=[value]'}`.padEnd(31)}${spec.shortdesc}${spec.secret ? ' (stdin only)' : ''}`),
    '   -v, --verbose                  log debug messages',
    '   -V, --version                  print the version and exit',
    '   -h, --help                     print this help and exit',
  ];
  return `${lines.join('\n')}\n`;
}

async function readOptions<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>, io: ProtocolIo): Promise<FenceAgentOptions> {
  if (io.argv.length > 0) return parseFenceAgentArgs(io.argv, plugin.parameters);
  return parseFenceAgentStdin(await io.readStdin(), plugin.parameters);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|yes|true|on)$/i.test(value.trim());
}

export async function runFenceAgentProtocol<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
): Promise<number> {
  const options = await readOptions(plugin, io);
  const verbose = isTrue(options.values.verbose);
  const log = new Logger({
    env: verbose ? { ...io.env, HA_debug: '1' } : io.env,
    program: plugin.fenceAgentName,
    interactive: io.interactive,
    writeStderr: io.stderr,
  });
  try {
    return await dispatch(plugin, io, log, options);
  } finally {
    await log.close();
  }
}

async function dispatch<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
  log: Logger,
  options: FenceAgentOptions,
): Promise<number> {
  const { values } = options;
  if (isTrue(values.help)) {
    io.stdout(fenceAgentUsage(plugin));
    return FenceAgentExit.Ok;
  }
  if (isTrue(values.version)) {
    io.stdout(`${plugin.fenceAgentName} ${plugin.version}\n`);
    return FenceAgentExit.Ok;
  }
  const action = (values.action ?? 'reboot').trim().toLowerCase();
  if (action === 'metadata') {
    io.stdout(renderFenceAgentMetadata(plugin));
    return FenceAgentExit.Ok;
  }
  if (options.problems.length > 0) {
    reportFailure(io, log, `Failed: ${options.problems.join('; ')} (see ${plugin.fenceAgentName} --help)`);
    return FenceAgentExit.GenericError;
  }
  for (const key of options.ignored) log.warn(`Parse error: Ignoring unknown option '${key}'`);

  const device = configureDevice(plugin, values, log);
  const requested = values.plug || values.nodename || undefined;
  try {
    const powerAction = POWER_ACTIONS[action];
    if (powerAction !== undefined) {
      if (!supportedPowerActions(plugin).includes(powerAction)) {
        throw new FenceError('unsupported', `Unsupported action '${action}': ${plugin.fenceAgentName} cannot power hosts ${action}`);
      }
      requireValidConfiguration(device);
      const host = resolveHost(device, requested);
      const outcome = await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: powerAction, host },
        (context) => performPowerAction(plugin, context, powerAction, host));
      if (outcome.powerOnProblem) log.warn(`${host} was fenced but not powered back on: ${outcome.powerOnProblem}`);
      log.info(`${action} of ${host}: success`);
      io.stdout(`${SUCCESS_MESSAGES[powerAction]}\n`);
      return FenceAgentExit.Ok;
    }
    switch (action) {
      case 'validate-all':
        requireValidConfiguration(device);
        return FenceAgentExit.Ok;
      case 'list':
        requireValidConfiguration(device);
        io.stdout(device.hosts.map((host) => `${host},\n`).join(''));
        return FenceAgentExit.Ok;
      case 'monitor':
        await deviceStatus(plugin, device, io, log);
        return FenceAgentExit.Ok;
      case 'status': {
        if (requested === undefined) {
          await deviceStatus(plugin, device, io, log);
          return FenceAgentExit.Ok;
        }
        requireValidConfiguration(device);
        const host = resolveHost(device, requested);
        const state = await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: 'status', host },
          (context) => plugin.powerStatus(context, host, context.deadline));
        io.stdout(`Status: ${state.toUpperCase()}\n`);
        return state === 'on' ? FenceAgentExit.Ok : FenceAgentExit.StatusOff;
      }
      default:
        throw new FenceError('unsupported', `Unrecognised action '${action}' (expected on, off, reboot, status, monitor, list, metadata or validate-all)`);
    }
  } catch (error) {
    const failure = error instanceof FenceError ? error.failure : 'device';
    reportFailure(io, log, `Failed: ${describeError(error)}`);
    return fenceAgentExitFor(failure);
  }
}

async function deviceStatus<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  device: ConfiguredDevice<Ps>,
  io: ProtocolIo,
  log: Logger,
): Promise<void> {
  requireValidConfiguration(device);
  if (device.hosts.length === 0) throw new FenceError('config', 'the hostlist is empty');
  await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: 'status' },
    (context) => plugin.deviceStatus(context, context.deadline));
}

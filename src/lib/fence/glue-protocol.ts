/**
 * cluster-glue's external plugin protocol, as external.so (the `stonith` CLI, and
 * pacemaker-fenced through fence_legacy) drives it: `<plugin> <action> [host]`, parameters as
 * environment variables named like the parameters, data on stdout, 0 for success and anything
 * else for failure (reset/on/off failures become S_RESETFAIL, status's code is passed on).
 */
import { metadataText } from '../xml/description-text.js';
import { flattenLine, type Logger, type ParameterSpec } from '../runtime/index.js';
import { configureDevice, parameterNames, requireValidConfiguration, resolveHost, withOperation } from './device.js';
import { describeError, FenceError } from './errors.js';
import { renderGlueParametersXml } from './metadata.js';
import type { FencePluginDefinition, PowerAction } from './plugin.js';
import { performPowerAction } from './power.js';
import type { ProtocolIo } from './protocol-io.js';
import { reportFailure } from './protocol-io.js';

export const GLUE_INFO_ACTIONS = ['getconfignames', 'getinfo-devid', 'getinfo-devname', 'getinfo-devdescr', 'getinfo-devurl', 'getinfo-xml'] as const;

export enum GlueExit {
  Ok = 0,
  Failed = 1,
}

/** The actions external.so runs without reading their output as data (it logs each line). */
const ACTIONS_READ_BY_LINE: readonly string[] = ['status', 'on', 'off', 'reset'];

/**
 * The outcome of status, on, off or reset as the plugin's last line of output, written without
 * its newline. external.so reads these actions' output with fgets and, each time fgets returns
 * nothing, sleeps one second before it looks for the end of the output again (cluster-glue,
 * lib/plugins/stonith/external.c, external_run_cmd): a plugin that prints nothing, or ends its
 * output with a newline, holds up every fencing and every device monitor for a second after it
 * has exited. A last line without a newline reaches fgets together with the end of the output.
 * On a terminal (an admin running the plugin by hand) the newline stays.
 */
function writeOutcomeLine(io: ProtocolIo, log: Logger, text: string): void {
  const line = flattenLine(log.scrub(text));
  io.stdout(io.interactive ? `${line}\n` : line);
}

function configNames<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>): readonly string[] {
  return plugin.configNames ?? plugin.parameters.filter((spec) => spec.required).map((spec) => spec.name);
}

/** Parameters exactly as external.so exports them: one environment variable per name. */
function rawParameters<Ps extends readonly ParameterSpec[]>(plugin: FencePluginDefinition<Ps>, env: ProtocolIo['env']): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const name of parameterNames(plugin.parameters)) raw[name] = env[name];
  return raw;
}

export async function runGlueProtocol<Ps extends readonly ParameterSpec[]>(
  plugin: FencePluginDefinition<Ps>,
  io: ProtocolIo,
  log: Logger,
): Promise<GlueExit> {
  const [action, ...rest] = io.argv;
  const device = configureDevice(plugin, rawParameters(plugin, io.env), log);
  try {
    switch (action) {
      case 'getconfignames':
        io.stdout(`${configNames(plugin).join('\n')}\n`);
        return GlueExit.Ok;
      case 'getinfo-devid':
        io.stdout(`${plugin.deviceId}\n`);
        return GlueExit.Ok;
      case 'getinfo-devname':
        io.stdout(`${plugin.deviceName(device.params)}\n`);
        return GlueExit.Ok;
      case 'getinfo-devdescr':
        io.stdout(`${metadataText(plugin.description)}\n`);
        return GlueExit.Ok;
      case 'getinfo-devurl':
        io.stdout(`${plugin.url}\n`);
        return GlueExit.Ok;
      case 'getinfo-xml':
        io.stdout(renderGlueParametersXml(plugin));
        return GlueExit.Ok;
      case 'gethosts': {
        requireValidConfiguration(device);
        if (device.hosts.length === 0) throw new FenceError('config', 'the hostlist is empty');
        io.stdout(`${device.hosts.join('\n')}\n`);
        return GlueExit.Ok;
      }
      case 'status': {
        if (rest.length > 0) throw new FenceError('config', `status takes no host, got "${rest.join(' ')}"`);
        requireValidConfiguration(device);
        if (device.hosts.length === 0) throw new FenceError('config', 'the hostlist is empty');
        await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: 'status' },
          (context) => plugin.deviceStatus(context, context.deadline));
        writeOutcomeLine(io, log, 'status: ok');
        return GlueExit.Ok;
      }
      case 'on': case 'off': case 'reset': {
        if (rest.length !== 1) {
          throw new FenceError('config', rest.length === 0 ? `${action} needs a host name` : `${action} takes one host name, got "${rest.join(' ')}"`);
        }
        requireValidConfiguration(device);
        const host = resolveHost(device, rest[0]);
        const powerAction: PowerAction = action;
        const outcome = await withOperation(plugin, device, { env: io.env, flock: io.flock, startedAgoMs: io.startedAgoMs, log, action: powerAction, host },
          (context) => performPowerAction(plugin, context, powerAction, host));
        const success = `${action} of ${host}: success${outcome.powerOnProblem ? ` (fenced; not powered back on: ${outcome.powerOnProblem})` : ''}`;
        log.info(success);
        writeOutcomeLine(io, log, success);
        return GlueExit.Ok;
      }
      default:
        throw new FenceError('unsupported', action === undefined
          ? 'no action given'
          : `unknown action "${action}" (expected gethosts, on, off, reset, status, getconfignames or getinfo-*)`);
    }
  } catch (error) {
    log.debugError(error);
    const failure = `${action ?? 'external plugin'}${rest[0] ? ` ${rest[0]}` : ''} failed: ${describeError(error)}`;
    reportFailure(io, log, failure);
    if (action !== undefined && ACTIONS_READ_BY_LINE.includes(action)) writeOutcomeLine(io, log, failure);
    return GlueExit.Failed;
  }
}

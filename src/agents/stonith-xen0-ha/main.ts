/**
 * external/xen0-ha (and fence_xenha_xen0ha): a DomU cluster fences one of its nodes by asking
 * the Dom0 cluster to stop that DomU's Xen resource (resource id = DomU host name), over ssh,
 * through the Dom0 helper (/usr/lib/xenha/xen0-ha-helper). The command is a fixed path and
 * validated words; the helper waits until the Dom0 cluster reports the result, and status
 * confirms it again here.
 */
import { declareParameters, type Deadline } from '../../lib/ocf/index.js';
import {
  defineFencePlugin, FenceError, parseHostList, runFencePlugin, withSshFailures, type FenceContext, type FenceFailure, type PowerState,
} from '../../lib/fence/index.js';
import { sshParameters } from '../../lib/ssh/parameters.js';
import { sshSettings } from '../../lib/ssh/settings.js';
import type { SshSession } from '../../lib/ssh/session.js';
import { helperCommand } from './helper-command.js';

const DEFAULT_HELPER = '/usr/lib/xenha/xen0-ha-helper';
/** Time the helper gets beyond stop_timeout for its own crm_resource calls. */
const HELPER_MARGIN_MS = 10_000;
/**
 * A reset must end inside Pacemaker's default fencing timeout (60 s): the off half always gets
 * its full time, the on half what is left up to this bound. Fencing is done once off is
 * confirmed; an on that is still waiting then has already set target-role=Started, so the Dom0
 * cluster starts the guest anyway, and the plugin logs that it did not see it running.
 */
const RESET_BOUND_MS = 55_000;
/** A status call (one ssh command, one crm_resource) never takes longer than this. */
const STATUS_LIMIT_MS = 15_000;

/** Exit codes of xen0-ha-helper. */
const HELPER_NO_SUCH_RESOURCE = 3;
const HELPER_CLUSTER_UNAVAILABLE = 4;

const parameters = declareParameters([
  {
    name: 'hostlist', type: 'string', required: true, unique: true,
    shortdesc: 'Hostlist',
    longdesc: 'The list of controlled DomUs, separated by spaces or commas. Each must be a Xen resource in the Dom0 cluster whose id is the DomU\'s host name (uname). For example: "xen-1 xen-2 xen-3".',
  },
  {
    name: 'dom0_cluster_ip', type: 'string', required: true, unique: true,
    shortdesc: 'Dom0 cluster ip',
    longdesc: 'The cluster IP address (or host name) of the Dom0 cluster. The DomU nodes log in there with ssh (see the ssh_* parameters) and run the Dom0 helper.',
  },
  {
    name: 'stop_timeout', type: 'time', default: '30s', aliases: ['timeout'],
    shortdesc: 'Stop timeout',
    longdesc: 'How long to wait for the Dom0 cluster to report the DomU stopped (and, for on and reset, started again) before failing. A bare number is seconds, as in the reference. Set the fence timeout (pcmk_reboot_timeout or stonith-timeout) to at least twice this plus 20 s.',
  },
  ...sshParameters,
  {
    name: 'dom0_helper', type: 'string', default: DEFAULT_HELPER,
    shortdesc: 'Dom0 helper path',
    longdesc: 'Absolute path of xen0-ha-helper on the Dom0 nodes.',
  },
]);

type Xen0Context = FenceContext<typeof parameters>;

const sessions = new WeakMap<object, Promise<SshSession>>();

/** One ssh connection to the Dom0 cluster per operation, opened on first use. */
function dom0Session(context: Xen0Context): Promise<SshSession> {
  let session = sessions.get(context);
  if (session === undefined) {
    session = (async () => {
      const { openSshSession } = await import('../../lib/ssh/session.js');
      const opened = await withSshFailures(() => openSshSession({
        host: context.params.dom0_cluster_ip, settings: sshSettings(context.params, context.given), deadline: context.deadline, log: context.log, env: context.childEnv(),
      }));
      context.onClose(() => opened.close());
      return opened;
    })();
    sessions.set(context, session);
    // A failed connection is not cached: the next call retries.
    session.catch(() => sessions.delete(context));
  }
  return session;
}

interface HelperResult {
  readonly stdout: string;
}

async function runHelper(context: Xen0Context, words: readonly string[], deadline: Deadline, failure: FenceFailure): Promise<HelperResult> {
  const command = helperCommand(context.params.dom0_helper, words);
  const session = await dom0Session(context);
  const result = await session.exec(command, deadline);
  const message = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-2).join(' / ');
  if (result.stderr.trim()) context.log.debug(`Dom0 helper: ${result.stderr.trim()}`);
  if (result.exitCode === 0) return { stdout: result.stdout };
  const where = `${context.params.dom0_cluster_ip}: ${words[0]} ${words[1] ?? ''}`.trim();
  if (result.timedOut) throw new FenceError(failure, `${where}: no answer from the Dom0 helper in time`);
  if (result.exitCode === undefined) throw new FenceError('connection-lost', `${where}: the connection to the Dom0 was lost`);
  if (result.exitCode === HELPER_NO_SUCH_RESOURCE) throw new FenceError('status', message || `${where}: no such resource in the Dom0 cluster`);
  if (result.exitCode === HELPER_CLUSTER_UNAVAILABLE) throw new FenceError('device', message || `${where}: the Dom0 cluster cannot be asked`);
  if (result.exitCode === 127) throw new FenceError('device', `${where}: the Dom0 helper ${context.params.dom0_helper} is not installed there (${message})`);
  throw new FenceError(failure, message ? `${where}: ${message}` : `${where}: the Dom0 helper exited with ${result.exitCode}`);
}

/** A helper's timeout argument: whole seconds, at least 1. */
function wholeSecondsArgument(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

const plugin = defineFencePlugin({
  name: 'xen0-ha',
  fenceAgentName: 'fence_xenha_xen0ha',
  version: '1.0',
  deviceId: 'xen0-ha DomU/Dom0 device',
  deviceName: () => 'xen0-ha DomU/Dom0 external device',
  description: [
    'DomU cluster STONITH: the Dom0 cluster stops (off), starts (on) or stops and restarts (reset) the DomU\'s Xen resource.',
    'Runs /usr/lib/xenha/xen0-ha-helper on the Dom0 cluster IP over ssh (host keys checked); the Dom0 resource id must be the DomU\'s host name.',
    'Off succeeds only once the Dom0 cluster reports the DomU stopped everywhere; it then stays stopped (target-role=Stopped).',
  ].join('\n'),
  url: 'http://linux-ha.org/wiki/DomUClusters',
  parameters,
  configNames: ['hostlist', 'dom0_cluster_ip', 'stop_timeout'],
  hostListParameter: 'hostlist',
  sshOptions: true,
  fenceAgentOptions: {
    ip: 'dom0_cluster_ip', ipport: 'ssh_port', username: 'ssh_user', password: 'ssh_passphrase',
    identity_file: 'ssh_identity_file', login_timeout: 'ssh_connect_timeout', power_timeout: 'stop_timeout',
  },
  hosts: (params) => parseHostList(params.hostlist),
  deviceKey: (params) => `xen0-ha:${params.dom0_cluster_ip.toLowerCase()}:${params.ssh_port}`,
  operationTimeoutMs: (params, action) => {
    const connect = params.ssh_connect_timeout;
    switch (action) {
      case 'status': return connect + STATUS_LIMIT_MS;
      case 'reset': {
        const offPhase = connect + params.stop_timeout + HELPER_MARGIN_MS;
        return Math.max(offPhase, Math.min(offPhase + params.stop_timeout + HELPER_MARGIN_MS, RESET_BOUND_MS));
      }
      default: return connect + params.stop_timeout + HELPER_MARGIN_MS;
    }
  },
  validate: (params) => {
    helperCommand(params.dom0_helper, parseHostList(params.hostlist));
    if (params.stop_timeout < 1000) throw new FenceError('config', 'stop_timeout must be at least 1 s');
  },

  async deviceStatus(context, deadline) {
    const problems: string[] = [];
    for (const host of context.hosts) {
      try {
        await runHelper(context, ['status', host], deadline.sub(STATUS_LIMIT_MS), 'status');
      } catch (error) {
        if (error instanceof FenceError && error.failure !== 'status') throw error;
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (problems.length > 0) throw new FenceError('config', problems.join('; '));
  },

  async powerStatus(context, host, deadline): Promise<PowerState> {
    const { stdout } = await runHelper(context, ['status', host], deadline.sub(STATUS_LIMIT_MS), 'status');
    const state = stdout.trim().split(/\s+/)[0];
    if (state === 'running') return 'on';
    if (state === 'stopped') return 'off';
    throw new FenceError('status', `unexpected answer from the Dom0 helper about ${host}: "${stdout.trim()}"`);
  },

  async off(context, host, deadline) {
    const stop = context.params.stop_timeout;
    await runHelper(context, ['off', host, wholeSecondsArgument(stop)], deadline.sub(stop + HELPER_MARGIN_MS), 'timeout-off');
  },

  async on(context, host, deadline) {
    const stop = context.params.stop_timeout;
    await runHelper(context, ['on', host, wholeSecondsArgument(stop)], deadline.sub(stop + HELPER_MARGIN_MS), 'timeout-on');
  },
});

runFencePlugin(plugin);

/**
 * external/ssh (and fence_xenha_ssh): fences a host by logging in to it with ssh and having it
 * reboot (or power off) itself through `at`, then confirms that the host stopped answering.
 * A host that is already silent (crashed, powered off) is confirmed off the same way, as the
 * reference does, unless unreachable_is_off=false. A test device: a host that hangs with its
 * network up cannot be fenced this way, and one cut off from us looks like one that is down.
 */
import { declareParameters } from '../../lib/ocf/index.js';
import {
  defineFencePlugin, FenceError, fenceErrorFromSsh, parseHostList, runFencePlugin, withSshFailures, type FenceContext,
  type PowerRequestOutcome,
} from '../../lib/fence/index.js';
import { sshParameters } from '../../lib/ssh/parameters.js';
import { hostNameProblem } from '../../lib/net/resolve-hosts.js';
import { hostAnswers } from '../../lib/ssh/reachability.js';
import { sshSettings } from '../../lib/ssh/settings.js';
import { readSshClientConfig } from '../../lib/ssh/client-config.js';
import type { Deadline } from '../../lib/ocf/index.js';

/** Exactly the reference's reboot request: queued with at, so that the ssh session can end first. */
export const REBOOT_COMMAND = "echo 'sleep 2; /sbin/reboot -nf' | SHELL=/bin/sh at now >/dev/null 2>&1";
/** The same for off (the reference defines it as the reboot command and never uses it). */
export const POWEROFF_COMMAND = "echo 'sleep 2; /sbin/poweroff -nf' | SHELL=/bin/sh at now >/dev/null 2>&1";

/** How long the queueing command may take before the power loop decides instead. */
const QUEUE_COMMAND_MS = 10_000;

/** How long one "does it still answer?" probe waits. */
const PROBE_TIMEOUT_MS = 1000;

const parameters = declareParameters([
  {
    name: 'hostlist', type: 'string', required: true, unique: true,
    shortdesc: 'Hostlist',
    longdesc: 'The list of hosts that the STONITH device controls, separated by commas or spaces. Host names are compared case-insensitively.',
  },
  {
    name: 'livedangerously', type: 'string',
    shortdesc: 'Ignored (reference compatibility)',
    longdesc: 'Accepted for compatibility with cluster-glue\'s external/ssh and ignored: with "yes" the reference reports a host that does not answer as fenced without touching it. This plugin never reports success without seeing the host go down.',
  },
  ...sshParameters,
  {
    name: 'unreachable_is_off', type: 'boolean', default: true,
    shortdesc: 'A silent host counts as off',
    longdesc: 'When the host to fence does not answer at all (no ssh connection, no reply on its ssh port, no ping), confirm that it stays silent and report it fenced, as cluster-glue\'s external/ssh does: that is how a crashed node gets fenced. A host that answers in any way (even by refusing the connection or the login, or with a wrong host key) is never counted as off. Set to false to fail instead; a node that crashed then stays unclean until someone fences it by hand. Either way this device cannot tell a crashed host from one cut off from this node: that is why it is for testing only.',
  },
  {
    name: 'power_timeout', type: 'time', default: '20s',
    shortdesc: 'Time to confirm the host is down',
    longdesc: 'After the reboot or power-off request, how long to wait for the host to stop answering (its ssh port and ping) before reporting failure.',
  },
]);

type SshFenceContext = FenceContext<typeof parameters>;

interface ProbeTarget {
  readonly address: string;
  readonly port: number;
}

const probeTargets = new Map<string, Promise<ProbeTarget>>();

/**
 * Where "does it still answer?" probes go: the HostName and Port the ssh client configuration
 * gives the host (as the login uses them), so that a Host alias is probed at its real address.
 * Read once per host and process.
 */
function probeTarget(context: SshFenceContext, host: string, deadline: Deadline): Promise<ProbeTarget> {
  let target = probeTargets.get(host);
  if (target === undefined) {
    target = readSshClientConfig(host, context.params.ssh_user, deadline, context.childEnv(), context.log).then((config) => ({
      address: config?.hostname ?? host,
      port: context.given.ssh_port !== undefined ? context.params.ssh_port : config?.port ?? context.params.ssh_port,
    }));
    probeTargets.set(host, target);
  }
  return target;
}

/**
 * Does the host answer on its ssh port or to ping, at the address the ssh client configuration
 * gives it? A name that does not resolve is a configuration error, never "silent".
 */
async function probeHost(context: SshFenceContext, host: string, deadline: Deadline, withinMs: number): Promise<'answers' | 'silent'> {
  const target = await probeTarget(context, host, deadline);
  const answer = await hostAnswers(target.address, target.port, Math.max(1, Math.min(PROBE_TIMEOUT_MS, withinMs)),
    context.childEnv(), { waitMs: Math.max(1, Math.min(context.params.ssh_connect_timeout, withinMs)) });
  if (answer.kind === 'unresolved') {
    throw new FenceError('config', `${answer.detail}: a host that cannot be named is never counted as off`);
  }
  context.log.debug(`${host}: ${answer.detail}`);
  return answer.kind;
}

/**
 * When the host is silent and unreachable_is_off holds: the probe that found it silent (the
 * power loop counts it as the first "off" reading and confirms that the host stays silent),
 * after logging why. A name that does not resolve is a configuration error, never "off".
 */
async function silentHostCountsAsOff(
  context: SshFenceContext, host: string, deadline: Deadline, why: string,
): Promise<PowerRequestOutcome | undefined> {
  if (!context.params.unreachable_is_off) return undefined;
  const offReadingStartedAt = performance.now();
  // The same probe as powerStatus's (bounded like every other wait: a resolver that does not
  // answer must not hold the fencing).
  const answer = await probeHost(context, host, deadline, Math.max(1, deadline.remainingMs()));
  if (answer !== 'silent') return undefined;
  context.log.warn(`${host} does not answer (${why}): it is down or cut off from this node; `
    + 'confirming that it stays silent (unreachable_is_off=true)');
  return { offReadingStartedAt };
}

async function requestShutdown(
  context: SshFenceContext, host: string, command: string, what: string, deadline: Deadline,
): Promise<PowerRequestOutcome | undefined> {
  // A crashed host: do not wait for the connection to time out, confirm its silence instead.
  const silentAtFirst = await silentHostCountsAsOff(context, host, deadline, 'no reply to a first probe');
  if (silentAtFirst) return silentAtFirst;
  const { openSshSession } = await import('../../lib/ssh/session.js');
  const settings = await withSshFailures(() => sshSettings(context.params, context.given));
  let session: Awaited<ReturnType<typeof openSshSession>>;
  try {
    session = await openSshSession({ host, settings, deadline, log: context.log, env: context.childEnv() });
  } catch (caught) {
    const error = fenceErrorFromSsh(caught);
    const silent = error instanceof FenceError && error.failure === 'connect'
      ? await silentHostCountsAsOff(context, host, deadline, error.reason) : undefined;
    if (silent) return silent;
    throw error;
  }
  context.onClose(() => session.close());
  context.log.info(`asking ${host} to ${what} through at`);
  // Queueing with at is quick, but a loaded host may take seconds to run a shell: give it at
  // least QUEUE_COMMAND_MS (the connect timeout is for the connection, not for this).
  const result = await session.exec(command, deadline.sub(Math.max(settings.connectTimeoutMs, QUEUE_COMMAND_MS)));
  session.close();
  if (result.exitCode === 0) {
    context.log.debug(`${host} queued the ${what}`);
    return undefined;
  }
  if (result.exitCode === undefined) {
    // The host may be going down already: only the confirmation can tell.
    context.log.info(`${host}: the session ended before the command returned (${result.timedOut ? 'no answer in time' : 'connection closed'}); confirming`);
    return undefined;
  }
  const output = `${result.stderr}${result.stdout}`.trim().split('\n').slice(-2).join(' / ');
  throw new FenceError('device', `${host} could not queue the ${what}: the command exited with ${result.exitCode}${output ? ` (${output})` : ''}; is at installed and atd running there?`);
}

const plugin = defineFencePlugin({
  name: 'ssh',
  fenceAgentName: 'fence_xenha_ssh',
  version: '1.0',
  deviceId: 'ssh STONITH device',
  deviceName: () => 'ssh STONITH external device',
  description: [
    'ssh-based host reset',
    'Fine for testing, but not suitable for production!',
    'Logs in with ssh (host keys checked against known_hosts), has the host reboot (reset) or power off (off) itself',
    'through at, and reports success only once the host stops answering. No power on.',
  ].join('\n'),
  url: 'http://openssh.org',
  parameters,
  configNames: ['hostlist'],
  hostListParameter: 'hostlist',
  sshOptions: true,
  fenceAgentOptions: {
    ipport: 'ssh_port', username: 'ssh_user', password: 'ssh_passphrase', identity_file: 'ssh_identity_file',
    login_timeout: 'ssh_connect_timeout', power_timeout: 'power_timeout',
  },
  hosts: (params) => parseHostList(params.hostlist),
  deviceKey: (params, host) => `ssh:${(host ?? params.hostlist).toLowerCase()}:${params.ssh_port}`,
  operationTimeoutMs: (params, action) => (action === 'status'
    ? params.ssh_connect_timeout + 2000
    : params.ssh_connect_timeout * 2 + params.power_timeout + 2000),
  validate: (params, log) => {
    for (const host of parseHostList(params.hostlist)) {
      const problem = hostNameProblem(host);
      if (problem !== undefined) throw new FenceError('config', `parameter "hostlist": ${problem}`);
    }
    if (params.livedangerously && /^[Yy]/.test(params.livedangerously)) {
      log.warn('livedangerously is ignored: a host that does not answer is never reported as fenced');
    }
  },
  offConfirmations: 2,
  pollIntervalMs: 1000,

  async deviceStatus(context, deadline) {
    const { openSshSession } = await import('../../lib/ssh/session.js');
    const settings = await withSshFailures(() => sshSettings(context.params, context.given));
    const results = await Promise.allSettled(context.hosts.map(async (host) => {
      const login = withSshFailures(() => openSshSession({ host, settings, deadline, log: context.log, env: context.childEnv() }))
        .then((session) => { session.close(); return 'logged in' as const; });
      // Raced against the login, not instead of it: a host that is down must not hold the
      // check for a whole ssh connect timeout. Pacemaker runs one action of a device at a time,
      // and this device's start or monitor on the survivor of a crash (the device moves with
      // the node it ran on) delayed the fencing of the crashed node by that long (e2e 04: 5 s).
      // A host that answers the probe is waited for: its login is what this checks. The
      // abandoned login ends with the process.
      login.catch(() => undefined);
      const silence = probeHost(context, host, deadline, PROBE_TIMEOUT_MS)
        .then((answer) => (answer === 'silent' ? 'silent' as const : login), () => login);
      return Promise.race([login, silence]);
    }));
    const failures: string[] = [];
    let reachable = 0;
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') {
        if (result.value === 'silent') {
          context.log.warn(`${context.hosts[index]} does not answer (no reply on its ssh port nor to ping): not checked`);
          return;
        }
        reachable += 1;
        return;
      }
      const error = result.reason as unknown;
      if (error instanceof FenceError && error.failure === 'connect' && !/refused the login|cannot resolve host name/.test(error.reason)) {
        context.log.warn(`${context.hosts[index]} does not answer: ${error.reason}`);
        return;
      }
      failures.push(error instanceof Error ? error.message : String(error));
    });
    if (failures.length > 0) throw new FenceError('connect', failures.join('; '));
    if (reachable === 0) throw new FenceError('connect', `none of ${context.hosts.join(', ')} answers on ssh`);
  },

  async powerStatus(context, host, deadline) {
    const state = await probeHost(context, host, deadline, Math.max(1, deadline.remainingMs()));
    return state === 'answers' ? 'on' : 'off';
  },

  off: (context, host, deadline) => requestShutdown(context, host, POWEROFF_COMMAND, 'power-off', deadline),
  reset: (context, host, deadline) => requestShutdown(context, host, REBOOT_COMMAND, 'reboot', deadline),
});

runFencePlugin(plugin);

/**
 * ocf:xenha:fence-virtd: runs xenha-fence-virtd under Pacemaker, as a clone on every Dom0
 * (the alternative to its systemd unit). start checks the configuration (`-c`), launches the
 * daemon in the foreground mode (`-F -p PIDFILE`) in its own session and returns once it
 * listens (it writes the pidfile then); monitor: the pidfile names a live xenha-fence-virtd
 * serving that pidfile; stop: SIGTERM, then SIGKILL, and returns once it is gone.
 */
import { readFileSync, rmSync } from 'node:fs';
import { runCommand, describeFailure, spawnDetached } from '../../lib/exec/index.js';
import {
  declareParameters, defineOcfAgent, OcfError, OcfExit, runOcfAgent, type ActionContext,
} from '../../lib/ocf/index.js';

const parameters = declareParameters([
  {
    name: 'config', type: 'string', default: '/etc/xenha/fence_virt.conf',
    shortdesc: 'Configuration file',
    longdesc: 'The daemon\'s configuration, in fence_virt.conf(5) syntax (docs/fence-virtd.md). Checked by start '
      + 'and validate-all (xenha-fence-virtd -c); a problem is reported with its line.',
  },
  {
    name: 'pidfile', type: 'string', unique: true,
    shortdesc: 'PID file',
    longdesc: 'Where the daemon writes its PID once it listens. Default: $HA_VARRUN/xenha-fence-virtd.pid '
      + '(HA_VARRUN is /var/run unless set).',
  },
  {
    name: 'daemon', type: 'string', default: '/usr/sbin/xenha-fence-virtd',
    shortdesc: 'The daemon',
    longdesc: 'Absolute path of xenha-fence-virtd.',
  },
]);

type Context = ActionContext<typeof parameters>;

const CHECK_LIMIT_MS = 15_000;
const STOP_GRACE_MS = 5000;

interface Settings {
  readonly config: string;
  readonly pidfile: string;
  readonly daemon: string;
}

function settings(context: Context): Settings {
  const { params, env } = context;
  const pidfile = params.pidfile ?? `${env.HA_VARRUN || '/var/run'}/xenha-fence-virtd.pid`;
  for (const [name, value] of [['config', params.config], ['pidfile', pidfile], ['daemon', params.daemon]]) {
    if (!value.startsWith('/') || /[\x00-\x1f]/.test(value)) {
      throw new OcfError(OcfExit.ErrConfigured, `${name} must be an absolute path, not "${value.replace(/[\x00-\x1f]/g, '?')}"`);
    }
  }
  return { config: params.config, pidfile, daemon: params.daemon };
}

function readPid(pidfile: string): number | undefined {
  try {
    const text = readFileSync(pidfile, 'utf8').trim();
    return /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** `pid` is a live (not zombie) xenha-fence-virtd writing `pidfile`: a recycled PID never counts. */
function isOurDaemon(pid: number, pidfile: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const flag = argv.indexOf('-p');
    return argv.some((word) => word.endsWith('xenha-fence-virtd')) && flag >= 0 && argv[flag + 1] === pidfile;
  } catch {
    return false;
  }
}

function runningDaemon(pidfile: string): number | undefined {
  const pid = readPid(pidfile);
  return pid !== undefined && isOurDaemon(pid, pidfile) ? pid : undefined;
}

async function checkConfiguration(context: Context, target: Settings): Promise<void> {
  const result = await runCommand(target.daemon, ['-c', '-f', target.config], { deadline: context.deadline.sub(CHECK_LIMIT_MS), log: context.log });
  if (result.startError !== undefined) {
    throw new OcfError(context.isProbe ? OcfExit.NotRunning : OcfExit.ErrInstalled, `${target.daemon} cannot be run (${result.startError})`);
  }
  if (result.exitCode !== 0) {
    const problems = result.stderr.trim().split('\n').map((line) => line.replace(/^xenha-fence-virtd: /, '')).join('; ');
    throw new OcfError(OcfExit.ErrConfigured, problems || describeFailure(result));
  }
}

async function monitor(context: Context): Promise<OcfExit> {
  const target = settings(context);
  return runningDaemon(target.pidfile) === undefined ? OcfExit.NotRunning : OcfExit.Success;
}

async function start(context: Context): Promise<OcfExit> {
  const target = settings(context);
  if (runningDaemon(target.pidfile) !== undefined) return OcfExit.Success;
  await checkConfiguration(context, target);
  rmSync(target.pidfile, { force: true });
  const childEnv: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(context.env)) {
    if (key !== 'NODE_OPTIONS' && !key.startsWith('OCF_RESKEY_')) childEnv[key] = value;
  }
  const child = await spawnDetached(target.daemon, ['-F', '-f', target.config, '-p', target.pidfile], { env: childEnv })
    .catch((error: unknown) => { throw new OcfError(OcfExit.ErrGeneric, (error as Error).message); });
  const up = await context.deadline.pollUntil(async () => {
    if (child.exitStatus() !== undefined) return false;
    return runningDaemon(target.pidfile) === child.pid ? true : undefined;
  }, 100);
  if (up !== true) {
    const exited = child.exitStatus();
    if (exited === undefined) {
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    throw new OcfError(OcfExit.ErrGeneric, exited !== undefined
      ? `xenha-fence-virtd exited at start (${exited}); its log says why (cannot listen on the multicast group?)`
      : 'xenha-fence-virtd did not start listening in time');
  }
  context.log.info(`xenha-fence-virtd ${child.pid} listens (${target.config})`);
  return OcfExit.Success;
}

async function stop(context: Context): Promise<OcfExit> {
  const target = settings(context);
  const pid = runningDaemon(target.pidfile);
  if (pid === undefined) {
    rmSync(target.pidfile, { force: true });
    return OcfExit.Success;
  }
  const gone = async () => (isOurDaemon(pid, target.pidfile) ? undefined : true);
  try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  if (await context.deadline.sub(STOP_GRACE_MS, 1500).pollUntil(gone, 50) !== true) {
    context.log.warn(`xenha-fence-virtd ${pid} ignored SIGTERM for ${STOP_GRACE_MS / 1000} s: SIGKILL`);
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    if (await context.deadline.pollUntil(gone, 50) !== true) {
      throw new OcfError(OcfExit.ErrGeneric, `xenha-fence-virtd ${pid} survived SIGTERM and SIGKILL`);
    }
  }
  rmSync(target.pidfile, { force: true });
  context.log.info(`xenha-fence-virtd ${pid} stopped`);
  return OcfExit.Success;
}

const agent = defineOcfAgent({
  name: 'fence-virtd',
  version: '1.0',
  shortdesc: 'xenha-fence-virtd on a Dom0',
  longdesc: 'Runs xenha-fence-virtd, the fence_virt daemon whose backend is this Dom0 cluster, so that DomU clusters '
    + 'fence their members with the stock fence_xvm agent. Clone it over every Dom0 (or use its systemd unit '
    + 'instead). The daemon\'s settings are in its configuration file; see docs/fence-virtd.md.',
  parameters,
  actions: [
    { name: 'start', timeout: '30s' },
    { name: 'stop', timeout: '20s' },
    { name: 'monitor', timeout: '20s', interval: '30s', depth: 0 },
    { name: 'meta-data', timeout: '5s' },
    { name: 'validate-all', timeout: '20s' },
  ],
  validate: async (context) => { await checkConfiguration(context, settings(context)); },
  handlers: { start, stop, monitor },
});

runOcfAgent(agent);

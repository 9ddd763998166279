/**
 * xenha-fence-virtd: a fence_virt-protocol daemon for the Dom0s whose backend is the Dom0
 * cluster. DomU clusters fence with the stock fence_xvm; the Dom0 node that runs the guest (or
 * the DC) has the cluster stop or start its Xen resource and answers. See docs/fence-virtd.md.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawnDetached } from '../../lib/exec/index.js';
import { Logger } from '../../lib/runtime/index.js';
import { writeAllSync } from '../../lib/runtime/output.js';
import { HASH_NAMES, HashType } from '../../lib/fence-virt/protocol.js';
import { parseCommandLine, USAGE, UsageError, type CommandLine } from './cli.js';
import { ClusterView } from './cluster-view.js';
import { ConfigError, parseDaemonConfig, type DaemonConfig } from './config.js';
import { readSharedKey } from './key-file.js';
import { openMulticastListener } from './multicast-listener.js';
import { RequestHandler } from './request-handler.js';
import { XenhaBackend } from './xenha-backend.js';

const PROGRAM = 'xenha-fence-virtd';

function say(line: string): void {
  writeAllSync(2, `${PROGRAM}: ${line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?')}\n`);
}

function loadConfig(file: string): DaemonConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  try {
    return parseDaemonConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.problems.map((problem) => `${file}: ${problem}`));
    throw error;
  }
}

interface Startup {
  readonly config: DaemonConfig;
  readonly key: Buffer | undefined;
  readonly warnings: readonly string[];
}

function prepare(commandLine: CommandLine): Startup {
  const config = loadConfig(commandLine.configFile);
  const warnings = [...config.ignored];
  let key: Buffer | undefined;
  if (config.multicast.hash !== HashType.None || config.multicast.auth !== HashType.None) {
    const shared = readSharedKey(config.multicast.keyFile);
    key = shared.bytes;
    warnings.push(...shared.warnings);
  }
  return { config, key, warnings };
}

/**
 * Not in the foreground: start again detached with -F, and return once it runs. The working
 * directory stays ours (a relative -f names a file from where we were started).
 */
async function daemonize(): Promise<number> {
  try {
    await spawnDetached(process.execPath, [...process.execArgv, process.argv[1], '-F', ...process.argv.slice(2)], {
      env: { HA_LOGFACILITY: 'daemon', ...process.env },
      cwd: process.cwd(),
    });
    return 0;
  } catch (error) {
    say(`cannot start in the background: ${(error as Error).message}`);
    return 1;
  }
}

/** Remove the pidfile if it still names this process (never a successor's). */
function removeOwnPidfile(pidfile: string): void {
  try {
    if (readFileSync(pidfile, 'utf8').trim() === String(process.pid)) unlinkSync(pidfile);
  } catch {
    // gone already
  }
}

async function serve(startup: Startup, commandLine: CommandLine): Promise<never> {
  const debug = commandLine.debug ?? startup.config.debug;
  const env = { HA_LOGTAG: `${PROGRAM}[${process.pid}]`, ...process.env, ...(debug > 0 ? { HA_debug: '1' } : {}) };
  const log = new Logger({ env, program: PROGRAM, interactive: false });
  if (startup.key) log.redact(startup.key.toString('latin1'));
  for (const warning of startup.warnings) log.warn(warning);
  const backend = new XenhaBackend(startup.config.xenha, log);
  const handler = new RequestHandler(startup.config, startup.key, new ClusterView(log), backend, log);
  const { multicast } = startup.config;
  let socket;
  try {
    socket = await openMulticastListener(multicast, (datagram, from) => handler.receive(datagram, from),
      (error) => log.err(`multicast socket: ${error.message}`));
  } catch (error) {
    log.err((error as Error).message);
    await log.close();
    process.exit(1);
  }
  log.info(`listening on ${multicast.address} port ${multicast.port}${multicast.interface ? ` (${multicast.interface})` : ''}; `
    + `requests signed with ${HASH_NAMES[multicast.hash]} or stronger, challenge-response ${HASH_NAMES[multicast.auth]}; backend xenha (the Dom0 cluster)`);
  const pidfile = commandLine.pidfile;
  if (pidfile !== undefined) {
    try {
      writeFileSync(`${pidfile}.tmp`, `${process.pid}\n`, { mode: 0o644 });
      renameSync(`${pidfile}.tmp`, pidfile);
    } catch (error) {
      log.err(`cannot write the pidfile ${pidfile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      await log.close();
      process.exit(1);
    }
  }
  const stop = (signal: string) => {
    log.info(`${signal}: stopping (${handler.activeRequests} requests in progress are abandoned)`);
    socket.close();
    if (pidfile !== undefined) removeOwnPidfile(pidfile);
    void log.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => log.info('SIGHUP ignored: restart the daemon to read a changed configuration'));
  return new Promise<never>(() => undefined);
}

async function main(): Promise<number> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(error.message);
    writeAllSync(2, USAGE);
    return 2;
  }
  if (commandLine.help) {
    writeAllSync(1, USAGE);
    return 0;
  }
  let startup: Startup;
  try {
    startup = prepare(commandLine);
  } catch (error) {
    if (error instanceof ConfigError) for (const problem of error.problems) say(problem);
    else say((error as Error).message);
    return 1;
  }
  if (commandLine.checkOnly) {
    for (const warning of startup.warnings) say(`warning: ${warning}`);
    writeAllSync(1, `${commandLine.configFile}: configuration OK\n`);
    return 0;
  }
  if (!commandLine.foreground && !startup.config.foreground) return daemonize();
  return serve(startup, commandLine);
}

main().then((code) => process.exit(code), (error: unknown) => {
  say(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/**
 * crm-fence-peer / crm-unfence-peer: DRBD's fence-peer and unfence-peer (or
 * after-resync-target) handler for Pacemaker clusters, a drop-in for drbd-utils'
 * crm-fence-peer.9.sh and crm-fence-peer.sh. The mode comes from the name it is run by.
 * See docs/drbd.md.
 */
import { basename } from 'node:path';
import { Deadline, Logger } from '../../lib/runtime/index.js';
import { acquireDeviceLock } from '../../lib/fence/lock.js';
import { fencePeer, HandlerError, localNodeName, unfencePeer, type HandlerContext } from './fencing.js';
import { parseHandlerOptions, readHandlerEnv, UsageError } from './options.js';

async function main(): Promise<number> {
  const program = basename(process.argv[1] ?? 'crm-fence-peer');
  const unfence = program.startsWith('crm-unfence-peer');
  const env = process.env;
  const log = new Logger({
    env: { ...env, HA_LOGFACILITY: env.HA_LOGFACILITY ?? 'local5', HA_LOGTAG: `${program}[${process.pid}]` },
    program,
    interactive: true,
    writeStderr: (line) => process.stderr.write(line),
  });
  try {
    const options = parseHandlerOptions(process.argv.slice(2), env);
    const drbd = readHandlerEnv(env);
    if (!options.quiet) {
      const vars = Object.keys(env).filter((key) => key.startsWith('DRBD_') || key === 'UP_TO_DATE_NODES').sort();
      log.info(`${vars.map((key) => `${key}=${env[key]}`).join(' ')} ${program} ${process.argv.slice(2).join(' ')}`.trim());
    }
    // Everything (lock wait, CIB retries, placing) ends within timeout + flock-timeout + dc-timeout.
    const deadline = new Deadline((options.timeoutS + options.flockTimeoutS + options.dcTimeoutS) * 1000);
    let release = (): void => undefined;
    if (options.lockFile !== undefined) {
      try {
        const lock = await acquireDeviceLock({
          dir: options.lockDir, key: options.lockFile, purpose: `${program} ${options.resource}`,
          deadline: deadline.sub(options.flockTimeoutS * 1000), log,
        });
        release = () => lock.release();
      } catch (error) {
        log.warn(`Could not get a lock on ${options.lockFile} in ${options.lockDir}: ${error instanceof Error ? error.message : String(error)}`);
        if (options.flockRequired) return 1;
      }
    }
    try {
      const context: HandlerContext = { options, drbd, deadline, log, me: await localNodeName(deadline) };
      return unfence ? await unfencePeer(context) : await fencePeer(context);
    } finally {
      release();
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof HandlerError) log.warn(error.message);
    else log.err(`unexpected failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  } finally {
    await log.close();
  }
}

main().then((code) => process.exit(code), () => process.exit(1));

/** What a protocol runner reads and writes, replaceable in tests. */
import { flattenLine, type Logger } from '../runtime/index.js';
import type { FlockRunner } from './lock.js';

export interface ProtocolIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is a terminal: an admin running the plugin by hand. */
  readonly interactive: boolean;
  /** All of stdin (fence-agents mode without command-line options). */
  readonly readStdin: () => Promise<string>;
  /** How the device lock is taken (default: flock(1)); replaceable in tests. */
  readonly flock?: FlockRunner;
  /** How long ago the process started (default: its uptime); deadlines count from then. */
  readonly startedAgoMs?: () => number;
}

/** True when the core logger already writes its lines to stderr (no syslog, no log file). */
export function loggerWritesStderr(io: ProtocolIo): boolean {
  if (io.interactive) return true;
  const facility = io.env.HA_LOGFACILITY;
  return (!facility || facility === 'none') && !io.env.HA_LOGFILE;
}

/**
 * A failure: an ERROR line in the log and, whatever the log configuration, one line on stderr
 * (pacemaker-fenced logs a fence agent's stderr; the stonith CLI shows it).
 */
export function reportFailure(io: ProtocolIo, log: Logger, message: string): void {
  log.err(message);
  if (!loggerWritesStderr(io)) io.stderr(`${log.tag}: ERROR: ${flattenLine(log.scrub(message))}\n`);
}

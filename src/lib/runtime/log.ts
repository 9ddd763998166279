/**
 * Logging that behaves like ocf-shellfuncs' ocf_log:
 * - stdout on a tty: "<tag>: <LEVEL>: msg" on stderr, nothing else;
 * - HA_LOGFACILITY (not "none"): syslog with tag HA_LOGTAG through one `logger --prio-prefix`;
 * - HA_LOGFILE: "<date> <tag>:    <LEVEL>: msg" appended, the date with milliseconds as in
 *   Pacemaker's own log file (a fencing or a start can then be timed against Pacemaker's lines);
 *   debug lines go to HA_DEBUGLOG;
 * - neither facility nor file: "<date> <LEVEL>: msg" on stderr;
 * - debug only when HA_debug is set and not "0".
 * Secrets registered with `redact()` are replaced before any line is written, and every line is
 * flattened (control characters escaped): no message can forge another line or a syslog priority.
 */
import { appendFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { writeAllSync } from './output.js';
import { flattenLine, redactSecrets } from './text.js';

export type LogLevel = 'crit' | 'err' | 'warn' | 'info' | 'debug';

const LEVEL_LABELS: Record<LogLevel, string> = {
  crit: 'CRIT', err: 'ERROR', warn: 'WARNING', info: 'INFO', debug: 'DEBUG',
};
const SYSLOG_SEVERITY: Record<LogLevel, number> = { crit: 2, err: 3, warn: 4, info: 6, debug: 7 };
const SYSLOG_FACILITIES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9,
  authpriv: 10, ftp: 11, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21,
  local6: 22, local7: 23,
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type LogEnvironment = Readonly<Record<string, string | undefined>>;

export interface LoggerOptions {
  env: LogEnvironment;
  /** program name as in the log tag, e.g. "Xen" */
  program: string;
  /** true when stdout is a terminal (an admin running the agent by hand) */
  interactive: boolean;
  /** where stderr lines go; replaceable for tests */
  writeStderr?: (line: string) => void;
}

function syslogDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[now.getMonth()]} ${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** "Dec 04 03:07:09.443": Pacemaker's log-file date. */
function logFileDate(now: Date): string {
  return `${syslogDate(now)}.${String(now.getMilliseconds()).padStart(3, '0')}`;
}

export class Logger {
  private readonly env: LogEnvironment;
  private readonly interactive: boolean;
  private readonly writeStderr: (line: string) => void;
  private readonly secrets: string[] = [];
  private syslogWriter: Promise<ChildProcess | undefined> | undefined;
  /** Receives every line, debug included, whatever HA_debug says (trace_ra). */
  private tap: ((line: string) => void) | undefined;
  readonly tag: string;
  readonly debugEnabled: boolean;

  constructor(options: LoggerOptions) {
    this.env = options.env;
    this.interactive = options.interactive;
    this.writeStderr = options.writeStderr ?? ((line) => writeAllSync(2, line));
    const instance = this.env.OCF_RESOURCE_INSTANCE;
    this.tag = flattenLine(this.env.HA_LOGTAG || (instance
      ? `${options.program}(${instance})[${process.pid}]`
      : `${options.program}[${process.pid}]`));
    const debugFlag = this.env.HA_debug;
    this.debugEnabled = debugFlag !== undefined && debugFlag !== '' && debugFlag !== '0';
  }

  /** Never write this value anywhere: it is replaced by "****" in every line. */
  redact(secret: string | undefined): void {
    if (secret && secret.length > 0 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  scrub(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** Copy every line (debug included, scrubbed) to `sink`, e.g. an RA trace file. */
  setTap(sink: ((line: string) => void) | undefined): void {
    this.tap = sink;
  }

  /** A line for the tap only (command output excerpts in a trace): never logged. */
  trace(message: string): void {
    this.tap?.(`TRACE: ${this.scrub(message)}`);
  }

  crit(message: string): void { this.log('crit', message); }
  err(message: string): void { this.log('err', message); }
  warn(message: string): void { this.log('warn', message); }
  info(message: string): void { this.log('info', message); }
  debug(message: string): void { this.log('debug', message); }

  /** `alreadyOnStderr`: the message was printed on stderr already (an exit reason): not again. */
  log(level: LogLevel, rawMessage: string, alreadyOnStderr = false): void {
    if (level === 'debug' && !this.debugEnabled && this.tap === undefined) return;
    const message = flattenLine(this.scrub(rawMessage));
    const line = `${LEVEL_LABELS[level]}: ${message}`;
    this.tap?.(line);
    if (level === 'debug' && !this.debugEnabled) return;
    if (this.interactive) {
      this.writeStderr(`${this.tag}: ${line}\n`);
      return;
    }
    const facility = this.syslogFacility();
    if (facility !== undefined) this.toSyslog(facility, level, line);
    const file = level === 'debug' ? (this.env.HA_DEBUGLOG || this.env.HA_LOGFILE) : this.env.HA_LOGFILE;
    if (file) {
      try {
        appendFileSync(file, `${logFileDate(new Date())} ${this.tag}:    ${line}\n`);
      } catch {
        this.writeStderr(`${syslogDate(new Date())} ${line}\n`);
      }
    }
    if (facility === undefined && !file && !alreadyOnStderr) this.writeStderr(`${syslogDate(new Date())} ${line}\n`);
  }

  /**
   * With HA_debug: the stack of an error and of each cause behind it (one flattened debug line
   * each), so that a failure's origin can be found without a debugger.
   */
  debugError(error: unknown): void {
    if (!this.debugEnabled) return;
    let current: unknown = error;
    for (let depth = 0; current !== undefined && depth < 5; depth++) {
      const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
      this.debug(`${depth === 0 ? 'error' : 'caused by'}: ${text}`);
      current = current instanceof Error ? current.cause : undefined;
    }
  }

  /**
   * The reason Pacemaker shows for a failed action: "ocf-exit-reason:<msg>" on stderr
   * (always, as ocf_exit_reason does) plus an ERROR line in the log.
   */
  exitReason(rawMessage: string): void {
    const message = flattenLine(this.scrub(rawMessage).replace(/\s*\n\s*/g, ' '));
    const prefix = this.env.OCF_EXIT_REASON_PREFIX ?? 'ocf-exit-reason:';
    this.writeStderr(`${prefix}${message}\n`);
    // As ocf_exit_reason's --ignore-stderr: the reason is on stderr already, so a log that would
    // only go to stderr (no syslog, no file: pcs, crm_resource --validate) does not repeat it.
    if (!this.interactive) this.log('err', message, true);
  }

  /** Flush the syslog writer, if any, waiting at most `maxWaitMs`. */
  async close(maxWaitMs = 1000): Promise<void> {
    const pending = this.syslogWriter;
    if (!pending) return;
    this.syslogWriter = undefined;
    const writer = await pending;
    if (!writer) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { writer.kill('SIGKILL'); resolve(); }, maxWaitMs);
      writer.once('close', () => { clearTimeout(timer); resolve(); });
      writer.stdin?.end();
    });
  }

  private syslogFacility(): number | undefined {
    const name = this.env.HA_LOGFACILITY;
    if (!name || name === 'none') return undefined;
    return SYSLOG_FACILITIES[name.toLowerCase()] ?? SYSLOG_FACILITIES.daemon;
  }

  private toSyslog(facility: number, level: LogLevel, line: string): void {
    const record = `<${facility * 8 + SYSLOG_SEVERITY[level]}>${line}\n`;
    // One `logger` per process, started on the first syslog line (child_process loads lazily).
    // Spawned here, not through src/lib/exec: runtime sits below exec (exec logs through this
    // Logger), and this child fits neither of exec's shapes: it is not a bounded run whose output
    // is collected (runCommand) nor a daemon that outlives us (spawnDetached), but a pipe open
    // for our whole life, bounded by close(). Its 'error' is listened to; a missing logger only
    // loses syslog lines.
    this.syslogWriter ??= import('node:child_process').then(({ spawn }) => {
      const writer = spawn('logger', ['--prio-prefix', '-t', this.tag], {
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { PATH: this.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
      });
      writer.on('error', () => undefined);
      writer.stdin?.on('error', () => undefined);
      return writer;
    }, () => undefined);
    void this.syslogWriter.then((writer) => writer?.stdin?.write(record));
  }
}

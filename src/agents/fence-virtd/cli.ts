/**
 * The command line, as fence_virtd's (fence_virtd(8)): -f FILE, -F (foreground), -d LEVEL,
 * -h; also -c (check the configuration and exit) instead of fence_virtd's interactive
 * configurator.
 */
import { parseInteger } from '../../lib/runtime/index.js';
import { DEFAULT_CONFIG_FILE } from './config.js';

export interface CommandLine {
  readonly configFile: string;
  readonly foreground: boolean;
  readonly debug: number | undefined;
  readonly help: boolean;
  readonly checkOnly: boolean;
  /** Written once the daemon listens (fence_virtd's -p); removed when it stops. */
  readonly pidfile: string | undefined;
}

export const USAGE = `usage: xenha-fence-virtd [-F] [-d LEVEL] [-f FILE] [-p PIDFILE] [-c] [-h]
  -f FILE   configuration file in fence_virt.conf(5) syntax (default ${DEFAULT_CONFIG_FILE})
  -F        stay in the foreground (as under systemd)
  -d LEVEL  debug level (1 or more: debug lines in the log)
  -p FILE   write the daemon's PID to FILE once it listens (removed when it stops)
  -c        check the configuration and the key file, then exit
  -h        this help
`;

export class UsageError extends Error {}

/** getopt-style: "-d2", "-d 2", "-Fd2" all work. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let configFile = DEFAULT_CONFIG_FILE;
  let foreground = false;
  let debug: number | undefined;
  let help = false;
  let checkOnly = false;
  let pidfile: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i];
    if (!word.startsWith('-') || word === '-') throw new UsageError(`unexpected argument "${word}"`);
    for (let j = 1; j < word.length; j += 1) {
      const option = word[j];
      if (option === 'F') { foreground = true; continue; }
      if (option === 'h' || option === '?') { help = true; continue; }
      if (option === 'c') { checkOnly = true; continue; }
      if (option === 'f' || option === 'd' || option === 'p') {
        let value = word.slice(j + 1);
        if (value === '') {
          i += 1;
          if (i >= argv.length) throw new UsageError(`option -${option} needs a value`);
          value = argv[i];
        }
        if (option === 'f' || option === 'p') {
          if (value.startsWith('-')) throw new UsageError(`-${option} needs a file name, not "${value}"`);
          if (option === 'f') configFile = value;
          else if (!value.startsWith('/')) throw new UsageError(`-p needs an absolute path, not "${value}"`);
          else pidfile = value;
        } else {
          const level = parseInteger(value);
          if (level === undefined || level < 0) throw new UsageError(`-d needs a debug level (0 or more), not "${value}"`);
          debug = level;
        }
        break;
      }
      throw new UsageError(`unknown option -${option}`);
    }
  }
  return { configFile, foreground, debug, help, checkOnly, pidfile };
}

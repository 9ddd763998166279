/**
 * fence-agents' two ways of passing options: command-line options (`-o reboot -n node2
 * --ssh-user root`) or, with no command-line argument at all, `key=value` lines on stdin (what
 * Pacemaker does). Both give the same normalized table: parameter names with underscores.
 */
import type { ParameterSpec } from '../runtime/index.js';

export interface FenceAgentOptions {
  /** key (underscored parameter name, or action/plug/nodename/verbose/help/version) → value */
  readonly values: Readonly<Record<string, string>>;
  /** Fatal: the request cannot be understood. */
  readonly problems: readonly string[];
  /** Not fatal: options that were ignored (names only, never values). */
  readonly ignored: readonly string[];
}

const STANDARD_KEYS = new Set(['action', 'plug', 'nodename', 'verbose']);
/** Keys Pacemaker (or old configurations) send that mean the same as a standard one. */
const KEY_ALIASES: Readonly<Record<string, string>> = { option: 'action', port: 'plug' };
/** Keys Pacemaker may send that these plugins have no use for. */
const QUIETLY_IGNORED = new Set(['nodeid']);

function normalizeKey(key: string): string {
  const underscored = key.trim().replace(/-/g, '_');
  return KEY_ALIASES[underscored] ?? underscored;
}

function knownParameterKeys(parameters: readonly ParameterSpec[]): Map<string, ParameterSpec> {
  const keys = new Map<string, ParameterSpec>();
  for (const spec of parameters) {
    keys.set(spec.name, spec);
    for (const alias of spec.aliases ?? []) keys.set(alias, spec);
  }
  return keys;
}

/** `key=value` lines (fencing.py's stdin format): blank lines and `#` comments skipped. */
export function parseFenceAgentStdin(text: string, parameters: readonly ParameterSpec[]): FenceAgentOptions {
  const known = knownParameterKeys(parameters);
  const values: Record<string, string> = {};
  const ignored: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key = normalizeKey(equals < 0 ? line : line.slice(0, equals));
    const value = equals < 0 ? '' : line.slice(equals + 1).trim();
    if (STANDARD_KEYS.has(key) || known.has(key)) {
      values[key] = value;
    } else if (!QUIETLY_IGNORED.has(key)) {
      ignored.push(key);
    }
  }
  return { values, problems: [], ignored };
}

const SHORT_OPTIONS: Readonly<Record<string, string>> = { o: 'action', n: 'plug', v: 'verbose', h: 'help', V: 'version' };
const FLAG_KEYS = new Set(['verbose', 'help', 'version']);

/** Command-line options: -o/--action, -n/--plug, -v, -h, -V and `--<parameter>[=value]`. */
export function parseFenceAgentArgs(argv: readonly string[], parameters: readonly ParameterSpec[]): FenceAgentOptions {
  const known = knownParameterKeys(parameters);
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    let key: string;
    let inlineValue: string | undefined;
    if (argument.startsWith('--') && argument.length > 2) {
      const equals = argument.indexOf('=');
      key = normalizeKey(equals < 0 ? argument.slice(2) : argument.slice(2, equals));
      inlineValue = equals < 0 ? undefined : argument.slice(equals + 1);
    } else if (/^-[A-Za-z]/.test(argument)) {
      const short = SHORT_OPTIONS[argument[1]];
      if (short === undefined) {
        problems.push(`unknown option ${argument.slice(0, 2)}`);
        continue;
      }
      key = short;
      inlineValue = argument.length > 2 ? argument.slice(2) : undefined;
    } else {
      problems.push(`unexpected argument "${argument}" (options are -o ACTION, -n HOST, --name=value)`);
      continue;
    }
    const spec = known.get(key);
    if (!STANDARD_KEYS.has(key) && !FLAG_KEYS.has(key) && spec === undefined) {
      problems.push(`unknown option --${key.replace(/_/g, '-')}`);
      continue;
    }
    if (spec?.secret) {
      problems.push(`${spec.name} must not be given on the command line, where every user can read it: pass it as ${spec.name}=… on stdin`);
      if (inlineValue === undefined && index + 1 < argv.length) index += 1;
      continue;
    }
    const isFlag = FLAG_KEYS.has(key) || spec?.type === 'boolean';
    if (inlineValue !== undefined) {
      values[key] = inlineValue;
    } else if (isFlag) {
      values[key] = '1';
    } else if (index + 1 < argv.length) {
      index += 1;
      values[key] = argv[index];
    } else {
      problems.push(`option ${argument} needs a value`);
    }
  }
  return { values, problems, ignored: [] };
}

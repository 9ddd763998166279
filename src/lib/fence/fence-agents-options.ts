/**
 * fence-agents' two ways of passing options: command-line options (`-o reboot -n node2
 * -l root --power-timeout=20`) or, with no command-line argument at all, `key=value` lines on
 * stdin (what Pacemaker does). Both are read through one table (`fenceAgentOptionTable`: the
 * standard options, those the plugin maps to its parameters, and the plugin's own parameters)
 * and give the same normalized values: core option names and plugin parameter names.
 */
import type { ParameterSpec } from '../runtime/index.js';
import {
  CORE_OPTIONS, getoptForm, longOption, MAPPABLE_OPTIONS, PASSWORD_SCRIPT_OPTION, SSH_OPTIONS_OPTION,
  type FenceAgentOption, type MappableOptionName,
} from './fence-agents-standard.js';

export interface FenceAgentOptions {
  /** core option name or plugin parameter name → value */
  readonly values: Readonly<Record<string, string>>;
  /** Fatal: the request cannot be understood. */
  readonly problems: readonly string[];
  /** Not fatal: what was ignored, by line number and key only, never a value. */
  readonly ignored: readonly string[];
}

/** What the table needs of a plugin. */
export interface OptionSource {
  readonly parameters: readonly ParameterSpec[];
  /** Standard fence-agents option → the plugin parameter it sets. */
  readonly fenceAgentOptions?: Partial<Readonly<Record<MappableOptionName, string>>>;
  /** The plugin parameter that lists the hosts (not required in fence-agents mode). */
  readonly hostListParameter?: string;
  /** fencing.py's ssh_options is accepted (the plugin logs in with ssh). */
  readonly sshOptions?: boolean;
}

export interface OptionEntry {
  /** How it is presented (metadata, -h) and read (stdin key, getopt letter, long option). */
  readonly option: FenceAgentOption;
  /** Where its value goes: a core option name or a plugin parameter name. */
  readonly target: string;
  /** The plugin parameter, when the target is one. */
  readonly spec?: ParameterSpec;
  /** A plugin parameter that a standard option also sets: shown as deprecated="1". */
  readonly deprecated?: boolean;
}

function pluginOptionContent(spec: ParameterSpec): FenceAgentOption['content'] {
  switch (spec.type) {
    case 'integer': return 'integer';
    case 'boolean': return 'boolean';
    case 'time': return 'second';
    default: return 'string';
  }
}

function valuePlaceholder(spec: ParameterSpec): string | undefined {
  switch (spec.type) {
    case 'boolean': return undefined;
    case 'integer': return 'number';
    case 'time': return 'seconds';
    case 'enum': return spec.values.join('|');
    default: return 'value';
  }
}

/** Every option a plugin's fence-agents form understands, in metadata order. */
export function fenceAgentOptionTable(source: OptionSource): OptionEntry[] {
  const mapped = Object.entries(source.fenceAgentOptions ?? {}) as [MappableOptionName, string][];
  const mappedTargets = new Set(mapped.filter(([standard, target]) => standard !== target).map(([, target]) => target));
  const [action, ...restOfCore] = CORE_OPTIONS;
  const entries: OptionEntry[] = [{ option: action, target: action.name }];
  for (const [standard, target] of mapped) {
    const spec = source.parameters.find((candidate) => candidate.name === target);
    if (spec === undefined) continue;
    const option = MAPPABLE_OPTIONS[standard];
    entries.push({
      option: { ...option, shortdesc: standard === target ? spec.shortdesc : `${option.shortdesc} (also: ${target})`, default: spec.secret || spec.default === undefined ? undefined : String(spec.default) },
      target,
      spec,
    });
    if (standard === 'password') entries.push({ option: PASSWORD_SCRIPT_OPTION, target: PASSWORD_SCRIPT_OPTION.name });
  }
  if (source.sshOptions) entries.push({ option: SSH_OPTIONS_OPTION, target: SSH_OPTIONS_OPTION.name });
  for (const spec of source.parameters) {
    // A parameter that already has the standard option's name (power_timeout) is that option.
    if (mapped.some(([standard, target]) => standard === spec.name && target === spec.name)) continue;
    entries.push({
      option: {
        name: spec.name,
        valueName: valuePlaceholder(spec),
        content: pluginOptionContent(spec),
        default: spec.secret || spec.default === undefined ? undefined : String(spec.default),
        shortdesc: spec.shortdesc,
        required: spec.required === true && spec.name !== source.hostListParameter,
      },
      target: spec.name,
      spec,
      deprecated: mappedTargets.has(spec.name),
    });
  }
  // A plugin parameter with a core option's name (riloe's power_wait) is the plugin's: its
  // meaning is the one the plugin documents, and the core does not apply the option itself.
  for (const option of restOfCore) {
    if (!source.parameters.some((spec) => spec.name === option.name)) entries.push({ option, target: option.name });
  }
  return entries;
}

/** stdin key (and obsolete keys, aliases) → entry; `option` is fencing.py's old name for action. */
function keyIndex(table: readonly OptionEntry[]): Map<string, OptionEntry> {
  const index = new Map<string, OptionEntry>();
  for (const entry of table) {
    index.set(entry.option.name, entry);
    if (entry.option.obsoletes) index.set(entry.option.obsoletes, entry);
    for (const alias of entry.spec?.aliases ?? []) index.set(alias, entry);
  }
  const action = index.get('action');
  if (action) index.set('option', action);
  return index;
}

/** Keys Pacemaker may send that these plugins have no use for. */
const QUIETLY_IGNORED = new Set(['nodeid']);
/** A key that can be shown in a message: a name, never free text that might be a value. */
const SHOWABLE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function normalizeKey(key: string): string {
  return key.trim().replace(/-/g, '_');
}

/**
 * `key=value` lines (fencing.py's stdin format): blank lines and `#` comments skipped. A line
 * that does not parse, or names no known option, is reported by its number and (when it is a
 * plain name) its key, never by its content: it may hold a secret typed with a space for "=".
 */
/**
 * A flag option (verbose, help, version) as fencing.py reads it: set when its value is one of
 * "1", "yes", "on", "true" in any case. Not runtime's ocfIsTrue on purpose: ocf_is_true's list
 * is case-sensitive ("Yes" is false there) and holds "ja", which fence-agents does not know.
 */
export function flagIsSet(value: string | undefined): boolean {
  return value !== undefined && /^(1|yes|true|on)$/i.test(value.trim());
}

export function parseFenceAgentStdin(text: string, source: OptionSource): FenceAgentOptions {
  const index = keyIndex(fenceAgentOptionTable(source));
  const values: Record<string, string> = {};
  const ignored: string[] = [];
  text.split(/\r?\n/).forEach((rawLine, position) => {
    const line = rawLine.trim();
    const number = position + 1;
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals < 0) {
      const word = normalizeKey(line.split(/\s+/)[0]);
      const entry = index.get(word);
      if (entry !== undefined && !/\s/.test(line) && entry.option.content === 'boolean') {
        values[entry.target] = '1';   // a flag alone, as on the command line
      } else if (entry !== undefined) {
        ignored.push(`line ${number}: "${word}" has no "=" (ignored; write ${word}=VALUE)`);
      } else {
        ignored.push(`line ${number}: not a key=value line (ignored)`);
      }
      return;
    }
    const key = normalizeKey(line.slice(0, equals));
    const entry = index.get(key);
    if (entry !== undefined) {
      values[entry.target] = line.slice(equals + 1).trim();
    } else if (!QUIETLY_IGNORED.has(key)) {
      ignored.push(SHOWABLE_KEY.test(key) ? `line ${number}: unknown option "${key}" (ignored)` : `line ${number}: unknown option (ignored)`);
    }
  });
  return { values, problems: [], ignored };
}

/** Command-line options: the table's getopt letters and long forms (`--name value`, `--name=value`). */
export function parseFenceAgentArgs(argv: readonly string[], source: OptionSource): FenceAgentOptions {
  const table = fenceAgentOptionTable(source);
  const byLong = new Map<string, OptionEntry>();
  const byLetter = new Map<string, OptionEntry>();
  for (const entry of table) {
    byLong.set(normalizeKey(entry.option.name), entry);
    if (entry.option.obsoletes) byLong.set(entry.option.obsoletes, entry);
    for (const alias of entry.spec?.aliases ?? []) byLong.set(alias, entry);
    if (entry.option.letter) byLetter.set(entry.option.letter, entry);
  }
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    let entry: OptionEntry | undefined;
    let inlineValue: string | undefined;
    if (argument.startsWith('--') && argument.length > 2) {
      const equals = argument.indexOf('=');
      const key = normalizeKey(equals < 0 ? argument.slice(2) : argument.slice(2, equals));
      entry = byLong.get(key);
      inlineValue = equals < 0 ? undefined : argument.slice(equals + 1);
      if (entry === undefined) {
        problems.push(SHOWABLE_KEY.test(key) ? `unknown option ${longOption(key)}` : 'unknown option');
        continue;
      }
    } else if (/^-[A-Za-z0-9]/.test(argument)) {
      entry = byLetter.get(argument[1]);
      if (entry === undefined) {
        problems.push(`unknown option ${argument.slice(0, 2)}`);
        continue;
      }
      inlineValue = argument.length > 2 ? argument.slice(2) : undefined;
    } else {
      problems.push('unexpected argument (options are -o ACTION, -n HOST, --name=value; see -h)');
      continue;
    }
    if (entry.spec?.secret) {
      problems.push(`${entry.option.name} must not be given on the command line, where every user can read it: pass it as ${entry.option.name}=... on stdin`);
      if (inlineValue === undefined && index + 1 < argv.length) index += 1;
      continue;
    }
    if (inlineValue !== undefined) {
      values[entry.target] = inlineValue;
    } else if (entry.option.content === 'boolean') {
      values[entry.target] = '1';
    } else if (index + 1 < argv.length) {
      index += 1;
      values[entry.target] = argv[index];
    } else {
      problems.push(`option ${getoptForm(entry.option)} needs a value`);
    }
  }
  return { values, problems, ignored: [] };
}

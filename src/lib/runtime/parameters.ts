/**
 * An agent's parameters, declared once. The declaration drives meta-data, typed parsing of
 * OCF_RESKEY_*, validate-all, cluster-glue getconfignames and fence-agents metadata.
 */
import { redactSecrets } from './text.js';
import { parseInteger, parseOcfBoolean, parseTimeMs } from './values.js';

interface ParameterCommon {
  readonly name: string;
  readonly shortdesc: string;
  readonly longdesc: string;
  readonly required?: boolean;
  readonly unique?: boolean;
  /** A change needs no restart: the agent's reload action applies it. */
  readonly reloadable?: boolean;
  /** Never logged, never in argv or a child's environment. */
  readonly secret?: boolean;
  /** Other names accepted for compatibility (not in meta-data), e.g. xen0-ha's "timeout". */
  readonly aliases?: readonly string[];
  /**
   * For a value this declaration refuses but the reference agent ran with: how the reference
   * read it. Actions then use that reading and log a warning; validate-all reports it.
   */
  readonly referenceReading?: (raw: string) => ReferenceReading | undefined;
}

/** A value outside the grammar, read as the reference agent read it. */
export interface ReferenceReading {
  readonly value: string | number | boolean;
  /** What to write instead, e.g. 'write "false" (or "true")'. */
  readonly instead: string;
}

export interface StringParameter extends ParameterCommon {
  readonly type: 'string';
  readonly default?: string;
  /** What a valid value looks like (e.g. an absolute path); other values are problems. */
  readonly grammar?: { readonly pattern: RegExp; readonly describe: string };
}
export interface IntegerParameter extends ParameterCommon {
  readonly type: 'integer';
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanParameter extends ParameterCommon {
  readonly type: 'boolean';
  readonly default?: boolean;
}
/** A Pacemaker time value ("30", "30s", "2min"); parsed to milliseconds. */
export interface TimeParameter extends ParameterCommon {
  readonly type: 'time';
  readonly default?: string;
  /** Unit of a bare number: Pacemaker's is seconds. */
  readonly bareUnit?: 'ms' | 's';
}
export interface EnumParameter extends ParameterCommon {
  readonly type: 'enum';
  readonly values: readonly string[];
  readonly default?: string;
}

export type ParameterSpec = StringParameter | IntegerParameter | BooleanParameter | TimeParameter | EnumParameter;

type ValueOf<P> = P extends { readonly type: 'integer' } ? number
  : P extends { readonly type: 'boolean' } ? boolean
  : P extends { readonly type: 'time' } ? number
  : P extends { readonly type: 'enum'; readonly values: readonly (infer V)[] } ? V
  : string;

type AlwaysSet<P> = P extends { readonly required: true } ? true
  : P extends { readonly default: string | number | boolean } ? true
  : false;

/** The typed values of a parameter declaration: required or defaulted ones are never undefined. */
export type ParameterValues<Ps extends readonly ParameterSpec[]> = {
  readonly [P in Ps[number] as P['name']]: AlwaysSet<P> extends true ? ValueOf<P> : ValueOf<P> | undefined;
};

/** Declare parameters with their literal names and types kept for ParameterValues. */
export function declareParameters<const Ps extends readonly ParameterSpec[]>(parameters: Ps): Ps {
  return parameters;
}

export interface ParameterProblem {
  readonly parameter: string;
  readonly message: string;
}

export interface ParsedParameters<Ps extends readonly ParameterSpec[]> {
  readonly values: ParameterValues<Ps>;
  /** What is wrong with the configuration; empty when it is valid. */
  readonly problems: readonly ParameterProblem[];
  /** The raw strings as given, for parameters that were set. */
  readonly given: Readonly<Record<string, string>>;
  /**
   * Values outside the grammar that are used as the reference agent read them (see
   * ParameterCommon.referenceReading): a warning in actions, a problem for validate-all.
   */
  readonly compatibility: readonly ParameterProblem[];
}

type ParameterValue = string | number | boolean;

export function rawParameter(spec: ParameterSpec, env: Readonly<Record<string, string | undefined>>): string | undefined {
  return rawValue(spec, (name) => env[`OCF_RESKEY_${name}`]);
}

/** The value of a parameter under its name or an alias, as `lookup` finds it; empty is unset. */
function rawValue(spec: ParameterSpec, lookup: (name: string) => string | undefined): string | undefined {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    const value = lookup(name);
    // As `${OCF_RESKEY_x:-default}` in shell agents: an empty value means "not set".
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function parseOne(spec: ParameterSpec, raw: string): { value?: ParameterValue; problem?: string } {
  switch (spec.type) {
    case 'string':
      return spec.grammar === undefined || spec.grammar.pattern.test(raw)
        ? { value: raw }
        : { problem: `must be ${spec.grammar.describe}, not "${raw}"` };
    case 'integer': {
      const value = parseInteger(raw);
      if (value === undefined) return { problem: `must be a whole number, not "${raw}"` };
      if (spec.min !== undefined && value < spec.min) return { problem: `must be at least ${spec.min}, not ${value}` };
      if (spec.max !== undefined && value > spec.max) return { problem: `must be at most ${spec.max}, not ${value}` };
      return { value };
    }
    case 'boolean': {
      const value = parseOcfBoolean(raw);
      return value === undefined
        ? { problem: `must be a boolean (true/false, yes/no, 1/0, on/off), not "${raw}"` }
        : { value };
    }
    case 'time': {
      const value = spec.bareUnit === 'ms' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : parseTimeMs(raw);
      return value === undefined
        ? { problem: `must be a time such as 30, 30s, 2min or 500ms, not "${raw}"` }
        : { value };
    }
    case 'enum':
      return spec.values.includes(raw)
        ? { value: raw }
        : { problem: `must be one of ${spec.values.join(', ')}, not "${raw}"` };
  }
}

function defaultValue(spec: ParameterSpec): ParameterValue | undefined {
  if (spec.default === undefined) return undefined;
  if (spec.type === 'time') return parseTimeMs(spec.default);
  return spec.default;
}

/** Zero value used for a missing required parameter in actions that carry on (stop, monitor). */
function emptyValue(spec: ParameterSpec): ParameterValue {
  switch (spec.type) {
    case 'integer': case 'time': return 0;
    case 'boolean': return false;
    default: return '';
  }
}

/**
 * Parse OCF_RESKEY_* against the declaration. Never throws: every problem is reported, and a
 * value that is missing or malformed falls back to its default so that tolerant actions
 * (stop, probes) can still do their job.
 */
export function parseParameters<const Ps extends readonly ParameterSpec[]>(
  specs: Ps,
  env: Readonly<Record<string, string | undefined>>,
): ParsedParameters<Ps> {
  return parseWith(specs, (name) => env[`OCF_RESKEY_${name}`]);
}

/**
 * The same rules for values keyed by the parameter's own name (or an alias), as the fencing
 * protocols deliver them (environment of cluster-glue, key=value lines, command-line options).
 */
export function parseParameterValues<const Ps extends readonly ParameterSpec[]>(
  specs: Ps,
  raw: Readonly<Record<string, string | undefined>>,
): ParsedParameters<Ps> {
  return parseWith(specs, (name) => (Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined));
}

function parseWith<const Ps extends readonly ParameterSpec[]>(
  specs: Ps,
  lookup: (name: string) => string | undefined,
): ParsedParameters<Ps> {
  const values: Record<string, ParameterValue | undefined> = {};
  const given: Record<string, string> = {};
  const problems: ParameterProblem[] = [];
  const compatibility: ParameterProblem[] = [];
  for (const spec of specs) {
    const raw = rawValue(spec, lookup);
    if (raw === undefined) {
      if (spec.required && spec.default !== undefined && spec.referenceReading !== undefined) {
        // Required with a default (ocf:heartbeat:Xen's xmfile): the reference's shell runs with
        // the default; so do the actions, and validate-all reports it.
        compatibility.push({
          parameter: spec.name,
          message: `required parameter "${spec.name}" is not set; accepted for compatibility with the reference agent, which uses its default ${JSON.stringify(String(spec.default))}: set it`,
        });
        values[spec.name] = defaultValue(spec);
        continue;
      }
      if (spec.required) {
        problems.push({ parameter: spec.name, message: `required parameter "${spec.name}" is not set` });
        values[spec.name] = emptyValue(spec);
      } else {
        values[spec.name] = defaultValue(spec);
      }
      continue;
    }
    given[spec.name] = raw;
    const parsed = parseOne(spec, raw);
    if (parsed.problem !== undefined) {
      const shown = spec.secret ? redactSecrets(parsed.problem, [raw]) : parsed.problem;
      const reading = spec.referenceReading?.(raw);
      if (reading !== undefined) {
        const readAs = spec.secret ? '' : ` and read as ${JSON.stringify(reading.value)}`;
        compatibility.push({
          parameter: spec.name,
          message: `parameter "${spec.name}" ${shown}; accepted for compatibility with the reference agent${readAs}: ${reading.instead}`,
        });
        values[spec.name] = reading.value;
        continue;
      }
      problems.push({ parameter: spec.name, message: `parameter "${spec.name}" ${shown}` });
      values[spec.name] = defaultValue(spec) ?? (spec.required ? emptyValue(spec) : undefined);
    } else {
      values[spec.name] = parsed.value;
    }
  }
  return { values: values as ParameterValues<Ps>, problems, given, compatibility };
}

/**
 * ocf_is_true's reading, for booleans of agents whose reference tests them with it: any word
 * that is not one of its true words means false.
 */
export function readAsOcfIsTrue(): ReferenceReading {
  return { value: false, instead: 'write "false" (or "true"); ocf_is_true, which the reference uses, reads any other word as false' };
}

/** The long description plus what the DTD cannot say: allowed values, units, ranges, aliases. */
export function parameterLongdesc(spec: ParameterSpec): string {
  const notes: string[] = [];
  if (spec.type === 'enum') notes.push(`Allowed values: ${spec.values.join(', ')}.`);
  if (spec.type === 'time') {
    notes.push(spec.bareUnit === 'ms'
      ? 'A time value: a bare number is milliseconds; units s, min, h are accepted.'
      : 'A time value: a bare number is seconds; units ms, s, min, h are accepted (e.g. 30s, 2min).');
  }
  if (spec.type === 'integer' && (spec.min !== undefined || spec.max !== undefined)) {
    if (spec.min !== undefined && spec.max !== undefined) notes.push(`Range: ${spec.min} to ${spec.max}.`);
    else if (spec.min !== undefined) notes.push(`At least ${spec.min}.`);
    else notes.push(`At most ${spec.max}.`);
  }
  // Whether a change needs a restart is said once, in the agent's description (reloadNote).
  if (spec.aliases && spec.aliases.length > 0) notes.push(`Also accepted as: ${spec.aliases.join(', ')}.`);
  return [spec.longdesc.trim(), ...notes].join('\n');
}

/**
 * What reload means for these parameters, said once (in the agent's description) instead of on
 * every parameter; undefined when none is reloadable.
 */
export function reloadNote(specs: readonly ParameterSpec[]): string | undefined {
  const reloadable = specs.filter((spec) => spec.reloadable);
  if (reloadable.length === 0) return undefined;
  const restart = specs.filter((spec) => !spec.reloadable).map((spec) => spec.name);
  return restart.length === 0
    ? 'Reload: a change of any parameter is applied by the reload action, without restarting the resource.'
    : `Reload: a change of ${restart.join(', ')} restarts the resource; a change of any other parameter is applied by the reload action, without a restart.`;
}

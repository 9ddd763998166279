/**
 * The user's extra arguments for fping or ping (the `options` parameter), checked word by word
 * against the tool's own option table before they reach argv. Nothing goes through a shell, but
 * a stray word would still become an extra ping target (and change the score) and some options
 * would change the output the agent reads, so only known options with well-formed values pass.
 */
import { isIP } from 'node:net';

export type ProbeTool = 'fping' | 'ping';

type ValueKind = 'number' | 'integer' | 'hex' | 'word' | 'address' | 'interface';

interface OptionRule {
  /** The option takes a value (next word, or attached: -I eth0 / -Ieth0 / --iface=eth0). */
  readonly value?: ValueKind;
  /** Why the option is refused; absent when it is allowed. */
  readonly refused?: string;
}

interface OptionTable {
  readonly short: Readonly<Record<string, OptionRule>>;
  /** Long option name → the short letter it stands for. */
  readonly long: Readonly<Record<string, string>>;
}

const SET_BY_AGENT = 'the agent sets it from the attempts and timeout parameters';
const FAMILY = 'the agent picks IPv4 or IPv6 for each host itself';
const OUTPUT = 'it changes the output the agent reads';
const TARGETS = 'hosts belong in host_list';
const NOT_A_PROBE = 'it does not ping anything';

/** fping 5.1 (fping -h; -T is accepted and ignored). */
const FPING: OptionTable = {
  short: {
    4: { refused: FAMILY }, 6: { refused: FAMILY },
    a: { refused: OUTPUT }, A: { refused: OUTPUT }, d: { refused: OUTPUT }, n: { refused: OUTPUT },
    D: { refused: OUTPUT }, q: { refused: OUTPUT }, Q: { value: 'number', refused: OUTPUT }, u: { refused: OUTPUT },
    N: { refused: OUTPUT }, x: { value: 'integer', refused: OUTPUT },
    c: { value: 'integer', refused: OUTPUT }, C: { value: 'integer', refused: OUTPUT }, l: { refused: OUTPUT },
    r: { value: 'integer', refused: SET_BY_AGENT }, t: { value: 'number', refused: SET_BY_AGENT },
    B: { value: 'number', refused: SET_BY_AGENT },
    f: { value: 'word', refused: TARGETS }, g: { refused: TARGETS }, m: { refused: TARGETS },
    h: { refused: NOT_A_PROBE }, v: { refused: NOT_A_PROBE },
    b: { value: 'integer' }, H: { value: 'integer' }, i: { value: 'number' }, I: { value: 'interface' },
    O: { value: 'hex' }, p: { value: 'number' }, S: { value: 'address' }, T: { value: 'number' },
    e: {}, M: {}, o: {}, R: {}, s: {},
  },
  long: {
    ipv4: '4', ipv6: '6', alive: 'a', addr: 'A', size: 'b', backoff: 'B', count: 'c', vcount: 'C',
    rdns: 'd', timestamp: 'D', elapsed: 'e', file: 'f', generate: 'g', help: 'h', ttl: 'H',
    interval: 'i', iface: 'I', loop: 'l', all: 'm', dontfrag: 'M', name: 'n', netdata: 'N',
    outage: 'o', tos: 'O', period: 'p', quiet: 'q', squiet: 'Q', random: 'R', retry: 'r',
    stats: 's', src: 'S', timeout: 't', unreach: 'u', version: 'v', reachable: 'x',
  },
};

/** iputils ping 20221126. */
const PING: OptionTable = {
  short: {
    4: { refused: FAMILY }, 6: { refused: FAMILY },
    c: { value: 'integer', refused: SET_BY_AGENT }, w: { value: 'number', refused: SET_BY_AGENT },
    q: { refused: OUTPUT }, N: { value: 'word', refused: OUTPUT },
    f: { refused: 'flood ping floods the network' },
    h: { refused: NOT_A_PROBE }, V: { refused: NOT_A_PROBE },
    e: { value: 'integer' }, F: { value: 'hex' }, I: { value: 'interface' }, i: { value: 'number' },
    l: { value: 'integer' }, m: { value: 'integer' }, M: { value: 'word' }, p: { value: 'hex' },
    Q: { value: 'hex' }, s: { value: 'integer' }, S: { value: 'integer' }, t: { value: 'integer' },
    T: { value: 'word' }, W: { value: 'number' },
    a: {}, A: {}, b: {}, B: {}, C: {}, d: {}, D: {}, L: {}, n: {}, O: {}, R: {}, r: {}, U: {}, v: {},
  },
  long: {},
};

const TABLES: Readonly<Record<ProbeTool, OptionTable>> = { fping: FPING, ping: PING };

/** Characters a word of `options` may contain: enough for every option value, nothing a shell or a parser would read. */
const SAFE_WORD = /^[A-Za-z0-9_.:,%@+=/-]+$/;

const VALUE_SYNTAX: Readonly<Record<ValueKind, { readonly pattern: RegExp; readonly describe: string }>> = {
  number: { pattern: /^\d+(\.\d+)?$/, describe: 'a number' },
  integer: { pattern: /^\d+$/, describe: 'a whole number' },
  hex: { pattern: /^(0x[0-9A-Fa-f]+|[0-9A-Fa-f]+)$/, describe: 'a number (decimal or hex)' },
  word: { pattern: /^[A-Za-z0-9_.-]+$/, describe: 'a word' },
  address: { pattern: /^[0-9A-Fa-f.:]+$/, describe: 'an IP address' },
  interface: { pattern: /^[A-Za-z0-9_.:@%-]{1,64}$/, describe: 'an interface name or address' },
};

export class ProbeOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeOptionsError';
  }
}

function checkValue(tool: ProbeTool, option: string, kind: ValueKind, value: string | undefined): void {
  if (value === undefined || value === '') {
    throw new ProbeOptionsError(`${tool} option ${option} needs a value`);
  }
  const syntax = VALUE_SYNTAX[kind];
  if (value.startsWith('-') || !syntax.pattern.test(value) || (kind === 'address' && isIP(value) === 0)) {
    throw new ProbeOptionsError(`${tool} option ${option} needs ${syntax.describe}, not "${value}"`);
  }
}

function refuse(tool: ProbeTool, option: string, rule: OptionRule): void {
  if (rule.refused !== undefined) throw new ProbeOptionsError(`${tool} option ${option} is not allowed: ${rule.refused}`);
}

/**
 * Split `options` into argv words and check them against the tool's option table.
 * Returns the words to pass unchanged; throws ProbeOptionsError saying what is wrong.
 */
export function parseProbeOptions(text: string | undefined, tool: ProbeTool): string[] {
  const words = (text ?? '').split(/\s+/).filter((word) => word.length > 0);
  const table = TABLES[tool];
  for (const word of words) {
    if (!SAFE_WORD.test(word)) {
      const bad = [...word].find((char) => !SAFE_WORD.test(char)) ?? word;
      throw new ProbeOptionsError(
        `"${word}" contains ${JSON.stringify(bad)}, which no ${tool} option needs: options are ${tool} command-line options (such as -I eth0), split on spaces and never given to a shell`,
      );
    }
  }
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word === '--' || word === '-') throw new ProbeOptionsError(`"${word}" is not a ${tool} option`);
    if (word.startsWith('--')) {
      const [name, attached] = word.slice(2).split(/=(.*)/s, 2);
      const letter = table.long[name];
      if (letter === undefined) throw new ProbeOptionsError(`unknown ${tool} option "--${name}"`);
      const rule = table.short[letter];
      refuse(tool, `--${name}`, rule);
      if (rule.value === undefined) {
        if (attached !== undefined) throw new ProbeOptionsError(`${tool} option --${name} takes no value`);
        continue;
      }
      const value = attached ?? words[index + 1];
      if (attached === undefined) index += 1;
      checkValue(tool, `--${name}`, rule.value, value);
      continue;
    }
    if (!word.startsWith('-')) {
      throw new ProbeOptionsError(`"${word}" is not a ${tool} option (${TARGETS}; option values follow their option)`);
    }
    // A cluster of short options, as getopt reads it: -nq, -I eth0, -Ieth0.
    for (let position = 1; position < word.length; position += 1) {
      const letter = word[position];
      const rule = table.short[letter];
      if (rule === undefined) throw new ProbeOptionsError(`unknown ${tool} option "-${letter}"`);
      refuse(tool, `-${letter}`, rule);
      if (rule.value === undefined) continue;
      const attached = word.slice(position + 1);
      const value = attached !== '' ? attached : words[index + 1];
      if (attached === '') index += 1;
      checkValue(tool, `-${letter}`, rule.value, value);
      break;
    }
  }
  return words;
}

/**
 * The domain name a Xen config file assigns, read the way xl reads it (libxlu's config
 * syntax: `KEY = VALUE` statements ended by a newline or ';', '#' comments, "…" or '…'
 * strings with backslash escapes, numbers, [lists] that may span lines, `+=` to append).
 * xm's Python configs use the same syntax for plain assignments.
 *
 * Several `name` assignments: the last one wins, as in xl (xlu__cfg_set_store prepends each
 * setting and lookups take the first, i.e. the newest; `+=` appends to the previous value).
 * Anything that is not a plain string or number (Python expressions, variables, string
 * formatting) is reported as unparseable rather than guessed.
 */

export type ConfigNameResult =
  | { readonly kind: 'found'; readonly name: string; readonly line: number }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unparseable'; readonly line: number; readonly reason: string };

type TokenKind = 'ident' | 'string' | 'number' | 'assign' | 'append' | 'end' | 'open' | 'close' | 'comma' | 'other';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  /** Preceded on its line by blanks only, at least one (Python block bodies are indented). */
  readonly indented?: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"', "'": "'", '\\': '\\', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** The value of a quoted string starting at `start` (the quote); undefined when unterminated or malformed. */
function readQuoted(text: string, start: number): { value: string; end: number; newlines: number } | undefined {
  const quote = text[start];
  let value = '';
  let newlines = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1, newlines };
    if (c === '\n') return undefined; // strings do not span lines
    if (c !== '\\') { value += c; continue; }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (SIMPLE_ESCAPES[next] !== undefined) {
      value += SIMPLE_ESCAPES[next];
      i += 1;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}/.test(text.slice(i + 2, i + 4))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1))?.[0] ?? next;
      value += String.fromCharCode(parseInt(digits, 8));
      i += digits.length;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      tokens.push({ kind: 'end', text: '\n', line });
      line += 1;
      i += 1;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === ';') {
      tokens.push({ kind: 'end', text: c, line });
      i += 1;
    } else if (c === '=') {
      tokens.push({ kind: 'assign', text: c, line });
      i += 1;
    } else if (c === '+' && text[i + 1] === '=') {
      tokens.push({ kind: 'append', text: '+=', line });
      i += 2;
    } else if (c === '[') {
      tokens.push({ kind: 'open', text: c, line });
      i += 1;
    } else if (c === ']') {
      tokens.push({ kind: 'close', text: c, line });
      i += 1;
    } else if (c === ',') {
      tokens.push({ kind: 'comma', text: c, line });
      i += 1;
    } else if (c === '"' || c === "'") {
      const quoted = readQuoted(text, i);
      if (quoted === undefined) {
        // Unterminated or malformed: the rest of the line is one opaque token.
        let end = i;
        while (end < text.length && text[end] !== '\n') end += 1;
        tokens.push({ kind: 'other', text: text.slice(i, end), line });
        i = end;
      } else {
        tokens.push({ kind: 'string', text: quoted.value, line });
        i = quoted.end;
      }
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i, i + 256))?.[0];
      const number = word === undefined ? /^[0-9][0-9A-Za-z.]*/.exec(text.slice(i, i + 256))?.[0] : undefined;
      if (word !== undefined) {
        const before = text.slice(lineStart, i);
        tokens.push({ kind: 'ident', text: word, line, indented: before.length > 0 && /^[ \t]+$/.test(before) });
        i += word.length;
      } else if (number !== undefined) {
        tokens.push({ kind: 'number', text: number, line });
        i += number.length;
      } else {
        tokens.push({ kind: 'other', text: c, line });
        i += 1;
      }
    }
  }
  return tokens;
}

interface Assignment {
  readonly key: string;
  readonly append: boolean;
  readonly value: readonly Token[];
  readonly line: number;
  readonly indented: boolean;
}

/** Statements that start a Python block: an indented assignment after one may never run. */
const PYTHON_BLOCK_WORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'def', 'try', 'except', 'finally', 'with']);

function hasPythonBlocks(tokens: readonly Token[]): boolean {
  return tokens.some((token, index) => token.kind === 'ident' && PYTHON_BLOCK_WORDS.has(token.text)
    && (index === 0 || tokens[index - 1].kind === 'end'));
}

/** Split the tokens into `KEY = VALUE` statements; anything else is skipped. */
function assignments(tokens: readonly Token[]): Assignment[] {
  const found: Assignment[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Skip to the start of a statement.
    while (i < tokens.length && tokens[i].kind === 'end') i += 1;
    if (i >= tokens.length) break;
    const start = i;
    let depth = 0;
    let end = i;
    while (end < tokens.length) {
      const token = tokens[end];
      if (token.kind === 'open') depth += 1;
      else if (token.kind === 'close') depth = Math.max(0, depth - 1);
      else if (token.kind === 'end' && depth === 0) break;
      end += 1;
    }
    const key = tokens[start];
    const operator = tokens[start + 1];
    if (key.kind === 'ident' && operator !== undefined && (operator.kind === 'assign' || operator.kind === 'append')) {
      found.push({
        key: key.text,
        append: operator.kind === 'append',
        value: tokens.slice(start + 2, end).filter((token) => token.kind !== 'end'),
        line: key.line,
        indented: key.indented === true,
      });
    }
    i = end + 1;
  }
  return found;
}

function describeValue(value: readonly Token[]): string {
  const text = value.map((token) => (token.kind === 'string' ? JSON.stringify(token.text) : token.text)).join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Characters a domain name cannot usefully contain (line breaks and other control characters). */
const UNUSABLE_NAME = /[\x00-\x1f\x7f]/;

export function parseConfigDomainName(configText: string): ConfigNameResult {
  let result: ConfigNameResult = { kind: 'absent' };
  const tokens = tokenize(configText);
  const pythonBlocks = hasPythonBlocks(tokens);
  for (const assignment of assignments(tokens)) {
    if (assignment.key !== 'name') continue;
    const { value, line } = assignment;
    if (pythonBlocks && assignment.indented) {
      result = { kind: 'unparseable', line, reason: 'the name is assigned inside a Python block (if/else/for…)' };
      continue;
    }
    const atom = value.length === 1 && (value[0].kind === 'string' || value[0].kind === 'number') ? value[0].text : undefined;
    if (atom === undefined) {
      result = {
        kind: 'unparseable',
        line,
        reason: value.length === 0
          ? 'the name assignment has no value'
          : `the value (${describeValue(value)}) is not a plain quoted string`,
      };
      continue;
    }
    if (assignment.append) {
      if (result.kind === 'unparseable') {
        result = { kind: 'unparseable', line, reason: `it appends to an earlier name that could not be read (line ${result.line})` };
        continue;
      }
      const previous: string = result.kind === 'found' ? result.name : '';
      result = { kind: 'found', name: previous + atom, line };
    } else {
      result = { kind: 'found', name: atom, line };
    }
  }
  if (result.kind === 'found') {
    if (result.name === '') return { kind: 'unparseable', line: result.line, reason: 'the name is empty' };
    if (UNUSABLE_NAME.test(result.name)) return { kind: 'unparseable', line: result.line, reason: 'the name contains control characters' };
  }
  return result;
}

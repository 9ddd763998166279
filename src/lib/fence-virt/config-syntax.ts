/**
 * fence_virt.conf's syntax, as fence-virt's own parser reads it (`config/config.l`,
 * `config/config.y`; described in fence_virt.conf(5)): a tree of blocks `name { ... }` (also
 * `name = "value" { ... }`) holding assignments `name = "value";`, `#` comments to the end of
 * the line. Values are always double-quoted and never empty; names are any run of characters
 * other than blanks, braces, `;`, `=` and `"`. Every node remembers its line for error messages.
 */

export interface ConfigAssignment {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface ConfigBlock {
  readonly name: string;
  /** `name = "value" { ... }` */
  readonly value: string | undefined;
  readonly line: number;
  readonly assignments: readonly ConfigAssignment[];
  readonly blocks: readonly ConfigBlock[];
}

export class ConfigSyntaxError extends Error {
  constructor(readonly line: number, readonly detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'ConfigSyntaxError';
  }
}

type Token =
  | { readonly kind: 'open' | 'close' | 'semi' | 'eq'; readonly line: number }
  | { readonly kind: 'id' | 'value'; readonly text: string; readonly line: number };

function describe(token: Token | undefined): string {
  if (token === undefined) return 'the end of the file';
  switch (token.kind) {
    case 'open': return '"{"';
    case 'close': return '"}"';
    case 'semi': return '";"';
    case 'eq': return '"="';
    case 'id': return `"${token.text}"`;
    default: return `the value "${token.text}"`;
  }
}

/** Printable form of a character for an error message. */
function show(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\n') { line += 1; i += 1; continue; }
    if (char === ' ' || char === '\t' || char === '\r') { i += 1; continue; }
    if (char === '#') { while (i < text.length && text[i] !== '\n') i += 1; continue; }
    if (char === '{') { tokens.push({ kind: 'open', line }); i += 1; continue; }
    if (char === '}') { tokens.push({ kind: 'close', line }); i += 1; continue; }
    if (char === ';') { tokens.push({ kind: 'semi', line }); i += 1; continue; }
    if (char === '=') { tokens.push({ kind: 'eq', line }); i += 1; continue; }
    if (char === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new ConfigSyntaxError(line, 'a value\'s closing quote is missing');
      const value = text.slice(i + 1, end);
      if (value.length === 0) throw new ConfigSyntaxError(line, 'empty value "" (fence_virt.conf values are never empty)');
      if (value.includes('\n')) throw new ConfigSyntaxError(line, 'a value runs over the end of the line (closing quote missing?)');
      tokens.push({ kind: 'value', text: value, line });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !' \t\r\n{};="'.includes(text[end])) end += 1;
    const word = text.slice(i, end);
    const control = [...word].find((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    if (control !== undefined) throw new ConfigSyntaxError(line, `control character ${show(control)} in a name`);
    tokens.push({ kind: 'id', text: word, line });
    i = end;
  }
  return tokens;
}

interface MutableBlock {
  name: string;
  value: string | undefined;
  line: number;
  assignments: ConfigAssignment[];
  blocks: ConfigBlock[];
}

/** Parse the whole file into a root block (name ''). Throws ConfigSyntaxError naming the line. */
export function parseConfigText(text: string): ConfigBlock {
  const tokens = tokenize(text);
  let position = 0;
  const next = () => tokens[position];

  const parseBody = (block: MutableBlock, closing: boolean): void => {
    for (;;) {
      const token = next();
      if (token === undefined) {
        if (closing) throw new ConfigSyntaxError(block.line, `block "${block.name}" is not closed (missing "}")`);
        return;
      }
      if (token.kind === 'close') {
        if (!closing) throw new ConfigSyntaxError(token.line, 'unexpected "}" (no block is open)');
        position += 1;
        return;
      }
      if (token.kind !== 'id') throw new ConfigSyntaxError(token.line, `expected a name, found ${describe(token)}`);
      position += 1;
      const after = next();
      if (after?.kind === 'open') {
        position += 1;
        const child: MutableBlock = { name: token.text, value: undefined, line: token.line, assignments: [], blocks: [] };
        parseBody(child, true);
        block.blocks.push(child);
        continue;
      }
      if (after?.kind !== 'eq') throw new ConfigSyntaxError(after?.line ?? token.line, `expected "=" or "{" after "${token.text}", found ${describe(after)}`);
      position += 1;
      const value = next();
      if (value?.kind !== 'value') {
        throw new ConfigSyntaxError(value?.line ?? token.line, `expected a double-quoted value after "${token.text} =", found ${describe(value)}`);
      }
      position += 1;
      const end = next();
      if (end?.kind === 'semi') {
        position += 1;
        block.assignments.push({ name: token.text, value: value.text, line: token.line });
        continue;
      }
      if (end?.kind === 'open') {
        position += 1;
        const child: MutableBlock = { name: token.text, value: value.text, line: token.line, assignments: [], blocks: [] };
        parseBody(child, true);
        block.blocks.push(child);
        continue;
      }
      throw new ConfigSyntaxError(end?.line ?? value.line, `expected ";" after ${token.text} = "${value.text}", found ${describe(end)}`);
    }
  };

  const root: MutableBlock = { name: '', value: undefined, line: 1, assignments: [], blocks: [] };
  parseBody(root, false);
  return root;
}

/** The blocks named `name` directly inside `block`. */
export function childBlocks(block: ConfigBlock, name: string): ConfigBlock[] {
  return block.blocks.filter((child) => child.name === name);
}

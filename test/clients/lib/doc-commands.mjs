#!/usr/bin/env node
// Every pcs and crm shell command of README.md and docs/*.md, for test/clients/docs-commands.bats:
//   node test/clients/lib/doc-commands.mjs PROJECT_ROOT OUT_DIR
// prints one line per command, KIND<TAB>FILE:LINE<TAB>TEXT, where KIND is
//   pcs-create  `pcs resource create` / `pcs stonith create` (a configuration example)
//   crm-config  a crm configure snippet (primitive, clone, ... lines of one code block), TEXT
//               being the file in OUT_DIR that holds it
//   block       any other pcs or crm command of a code block (TEXT as written, continuation
//               lines joined)
//   inline      any other pcs or crm command quoted inline (`pcs ...`, `crm ...`)
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) {
  console.error('usage: doc-commands.mjs PROJECT_ROOT OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const CRM_CONFIG = /^(primitive|clone|ms|group|location|colocation|order|property|rsc_defaults|op_defaults) /;
const COMMAND = /^(CIB_file=\S+ )?(pcs|crm) /;
const CREATE = /^pcs (resource|stonith) create /;

const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
let snippets = 0;
const out = [];
const emit = (kind, where, text) => out.push(`${kind}\t${where}\t${text.replace(/\s+/g, ' ').trim()}`);

for (const file of files) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  let inBlock = false;
  let snippet = [];
  let snippetLine = 0;
  const flushSnippet = () => {
    if (snippet.length === 0) return;
    const path = join(outDir, `snippet-${String(++snippets).padStart(3, '0')}.crm`);
    writeFileSync(path, `${snippet.join('\n')}\n`);
    out.push(`crm-config\t${file}:${snippetLine}\t${path}`);
    snippet = [];
  };
  // prose: a paragraph at a time, since an inline command may be wrapped over two lines
  let paragraph = [];
  let paragraphLine = 0;
  const flushParagraph = () => {
    for (const match of paragraph.join(' ').matchAll(/`((?:CIB_file=\S+ )?(?:pcs|crm) [^`]*)`/g)) {
      emit(CREATE.test(match[1]) ? 'pcs-create' : 'inline', `${file}:${paragraphLine}`, match[1]);
    }
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      if (inBlock) flushSnippet();
      else flushParagraph();
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) {
      if (line.trim() === '') {
        flushParagraph();
      } else {
        if (paragraph.length === 0) paragraphLine = i + 1;
        paragraph.push(line.trim());
      }
      continue;
    }
    const start = i;
    let text = line.trim();
    if (!COMMAND.test(text) && !CRM_CONFIG.test(text)) {
      if (text === '' || text.startsWith('#')) flushSnippet();
      continue;
    }
    // a statement continues on the next lines while it ends with a backslash
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i++;
      text = `${text.slice(0, -1).trimEnd()} ${lines[i].trim()}`;
    }
    if (CRM_CONFIG.test(text)) {
      if (snippet.length === 0) snippetLine = start + 1;
      snippet.push(text);
      continue;
    }
    flushSnippet();
    emit(CREATE.test(text) ? 'pcs-create' : 'block', `${file}:${start + 1}`, text);
  }
  flushParagraph();
}
console.log(out.join('\n'));

#!/usr/bin/env node
// check-imports.mjs: the import direction of src/ (docs/development.md, "Layers").
//
//   runtime  <-  helpers (src/lib/<concern>: exec, cluster, net, ssh, xen, xml, …)  <-  {ocf, fence}  <-  agents
//
// - src/lib/runtime imports only itself and node built-ins;
// - a helper imports runtime and other helpers, never src/lib/ocf or src/lib/fence;
// - src/lib/ocf and src/lib/fence import runtime and helpers, not each other;
// - nothing in src/lib imports an agent; an agent (src/agents/<dir>) never imports another agent.
// Relative imports only are checked (packages and node: built-ins are not layers). Every
// violation is printed as FILE:LINE: message; the exit status is 1 when there is one.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The layer of a file under src/: { layer, unit } (unit: helper name or agent dir). */
function layerOf(file) {
  const parts = relative(src, file).split(sep);
  if (parts[0] === 'agents') return { layer: 'agent', unit: parts[1] };
  if (parts[0] === 'lib') {
    const concern = parts[1];
    if (concern === 'runtime') return { layer: 'runtime', unit: concern };
    if (concern === 'ocf' || concern === 'fence') return { layer: 'core', unit: concern };
    return { layer: 'helper', unit: concern };
  }
  return { layer: 'other', unit: parts[0] };
}

const RANK = { runtime: 0, helper: 1, core: 2, agent: 3 };

/** Why `from` may not import `to`, or undefined. */
function violation(from, to) {
  if (to.layer === 'other' || from.layer === 'other') return undefined;
  if (RANK[to.layer] > RANK[from.layer]) return `${describe(from)} may not import ${describe(to)} (imports run runtime <- helpers <- {ocf, fence} <- agents)`;
  if (from.layer === 'core' && to.layer === 'core' && from.unit !== to.unit) return `${describe(from)} may not import ${describe(to)} (the OCF and fencing cores are independent)`;
  if (from.layer === 'agent' && to.layer === 'agent' && from.unit !== to.unit) return `${describe(from)} may not import ${describe(to)} (no agent imports another)`;
  return undefined;
}

function describe(place) {
  switch (place.layer) {
    case 'runtime': return 'the runtime layer (src/lib/runtime)';
    case 'helper': return `the helper src/lib/${place.unit}`;
    case 'core': return `the ${place.unit === 'ocf' ? 'OCF' : 'fencing'} core (src/lib/${place.unit})`;
    default: return `the agent src/agents/${place.unit}`;
  }
}

async function sourceFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...await sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** `from '…'`, `import '…'`, `import('…')`, `require('…')` with their line numbers. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

function importsOf(text) {
  const found = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
    for (const match of line.matchAll(SPECIFIER)) found.push({ specifier: match[2], line: index + 1 });
  });
  return found;
}

const problems = [];
for (const file of await sourceFiles(src)) {
  const from = layerOf(file);
  for (const { specifier, line } of importsOf(await readFile(file, 'utf8'))) {
    if (!specifier.startsWith('.')) {
      if (from.layer === 'runtime' && !specifier.startsWith('node:')) {
        problems.push(`${relative(root, file)}:${line}: the runtime layer imports only node built-ins, not "${specifier}"`);
      }
      continue;
    }
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(src + sep)) continue;
    const problem = violation(from, layerOf(target));
    if (problem) problems.push(`${relative(root, file)}:${line}: ${problem} ("${specifier}")`);
  }
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`check-imports: ${problems.length} import(s) against the layer direction`);
  process.exit(1);
}

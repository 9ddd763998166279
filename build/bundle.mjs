// Bundle every program into one self-contained CommonJS file with a node shebang,
// runnable with no node_modules on Node 18 and later. Usage: node build/bundle.mjs
import { build } from 'esbuild';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { listPrograms } from './programs.mjs';

// ssh2's optional native addons (cpu-features, sshcrypto.node) are replaced by a stub that
// throws; ssh2 require()s them in try/catch and falls back to node:crypto and its WASM poly1305.
const nativeAddonStub = {
  name: 'native-addon-stub',
  setup(b) {
    b.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'native-addon-stub' }, () => ({
      contents: 'throw new Error("native addon not bundled");',
      loader: 'js',
    }));
  },
};

// `--only NAME[,NAME]` builds just those programs (handy while another agent does not compile).
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set(process.argv[onlyIndex + 1].split(',')) : undefined;
const allPrograms = await listPrograms();
const programs = only ? allPrograms.filter((p) => only.has(p.name)) : allPrograms;
await mkdir('dist', { recursive: true });
// Extensionless outputs inside a "type": "module" package would be loaded as ESM.
await writeFile('dist/package.json', '{ "type": "commonjs" }\n');

// Packages that must never load at start-up: every program pays its start-up cost per action,
// thousands of times a day. They may only be reached through `await import()`.
const HEAVY_PACKAGES = ['ssh2', 'yargs', 'fast-xml-parser'];

/** Inputs reachable from the entry through static imports only (what runs before main). */
function startupClosure(metafile, entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const input = queue.pop();
    if (seen.has(input) || !metafile.inputs[input]) continue;
    seen.add(input);
    for (const imported of metafile.inputs[input].imports) {
      if (imported.kind !== 'dynamic-import' && !imported.external) queue.push(imported.path);
    }
  }
  return seen;
}

const problems = [];
await Promise.all(programs.map(async (program) => {
  await mkdir(dirname(program.out), { recursive: true });
  const result = await build({
    metafile: true,
    entryPoints: [program.entry],
    outfile: program.out,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    // import() of node built-ins becomes require(): a real dynamic import in a CJS bundle starts
    // Node's ESM loader, ~5 ms per action that runs a command.
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
    plugins: [nativeAddonStub],
    // ESM-only dependencies read import.meta.url, which esbuild leaves empty in CJS output.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: '#!/usr/bin/env node\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  await chmod(program.out, 0o755);
  // The npm code inside the bundle: the packages' copyright file names it (build/package.mjs).
  await mkdir('dist/bundled', { recursive: true });
  const bundledInputs = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/'));
  await writeFile(`dist/bundled/${program.kind}-${program.name}.json`, `${JSON.stringify(bundledInputs)}\n`);
  const closure = [...startupClosure(result.metafile, program.entry)];
  for (const heavy of HEAVY_PACKAGES) {
    const via = closure.find((input) => input.includes(`node_modules/${heavy}/`));
    if (via) problems.push(`${program.name}: ${heavy} is imported at start-up (${via}); use await import() in the action that needs it`);
  }
}));
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
await writeFile('dist/programs.json', `${JSON.stringify(allPrograms, null, 2)}\n`);
console.log(`built ${programs.length} program(s): ${programs.map((p) => p.out).join(' ')}`);

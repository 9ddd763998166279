// meta-data/<program>.xml is committed; this regenerates it (--write) or fails on drift (--check).
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { listPrograms } from './programs.mjs';

const mode = process.argv[2];
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: node build/metadata.mjs --write|--check');
  process.exit(2);
}
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
let drift = 0;
for (const program of await listPrograms({ fixtures: false })) {
  if (!program.metadataArgs) continue;
  const file = `meta-data/${program.name}.xml`;
  const generated = execFileSync(program.out, program.metadataArgs, { env, encoding: 'utf8' });
  if (mode === '--write') {
    await writeFile(file, generated);
    continue;
  }
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(`${file} differs from what ${program.out} ${program.metadataArgs.join(' ')} prints: run "make metadata" and commit it`);
    drift += 1;
  }
}
if (drift > 0) process.exit(1);
console.log(mode === '--write' ? 'meta-data/ regenerated' : 'meta-data/ matches the built programs');

// make deb / make rpm: node build/package.mjs deb|rpm [--out DIR] (default dist/), or
// node build/package.mjs stage DIR: only stage the package tree below DIR.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { packageIdentity } from './package/changelog.mjs';
import { stageTree } from './package/stage.mjs';
import { buildDeb } from './package/deb.mjs';
import { buildRpm } from './package/rpm.mjs';

const [what, target] = process.argv.slice(2);
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
if (!['deb', 'rpm', 'stage'].includes(what) || (what === 'stage' && !target)) {
  console.error('usage: node build/package.mjs deb|rpm [--out DIR] | stage DIR');
  process.exit(2);
}
const identity = await packageIdentity();
if (what === 'stage') {
  await mkdir(target, { recursive: true });
  await stageTree(resolve(target), identity);
  console.log(`staged ${target}`);
} else {
  const work = await mkdtemp(join(tmpdir(), `xenha-${what}-`));
  try {
    const root = join(work, 'root');
    await mkdir(root, { mode: 0o755 });
    const { programs } = await stageTree(root, identity);
    await mkdir(outDir, { recursive: true });
    const out = what === 'deb'
      ? await buildDeb({ root, identity, programs, outDir })
      : await buildRpm({ root, identity, programs, outDir, workDir: work });
    console.log(`built ${out}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

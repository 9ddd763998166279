// make deb / make rpm / make stage: node build/package.mjs deb|rpm|stage [DIR]
// Packages go to dist/; `stage DIR` only stages the package tree below DIR (for tests).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { packageIdentity } from './package/changelog.mjs';
import { stageTree } from './package/stage.mjs';
import { buildDeb } from './package/deb.mjs';
import { buildRpm } from './package/rpm.mjs';

const [what, target] = process.argv.slice(2);
if (!['deb', 'rpm', 'stage'].includes(what) || (what === 'stage' && !target)) {
  console.error('usage: node build/package.mjs deb|rpm|stage DIR');
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
    await mkdir('dist', { recursive: true });
    const out = what === 'deb'
      ? await buildDeb({ root, identity, programs, outDir: 'dist' })
      : await buildRpm({ root, identity, programs, outDir: 'dist', workDir: work });
    console.log(`built ${out}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

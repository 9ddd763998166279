// The file tree both packages ship, staged below a directory: the install layout
// (build/install.mjs: programs, their links, their extra files), the man pages (gzip -9n),
// and /usr/share/doc/xenha-agents (README.md, the docs/*.md pages README.md links to, the
// copyright file). Every directory 755, programs 755, every other file 644.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { listPrograms } from '../programs.mjs';
import { generateManPages } from '../man/generate.mjs';
import { copyrightFile } from './copyright.mjs';

export const DOC_DIR = 'usr/share/doc/xenha-agents';
export const MAN_DIR = 'usr/share/man';

/** gzip -9n: no name, no time stamp (Node's gzip writes neither), so builds are reproducible. */
export const gzip = (data) => gzipSync(data, { level: 9 });

async function writeFileMode(target, data, mode) {
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  await writeFile(target, data);
  await chmod(target, mode);
}

/** The docs/*.md pages README.md links to (the user documentation; developer notes stay out). */
export function linkedDocs(readme) {
  return [...new Set([...readme.matchAll(/\]\((docs\/[A-Za-z0-9._-]+\.md)\)/g)].map((m) => m[1]))].sort();
}

// A packaged program runs the node its package depends on (/usr/bin/node, from nodejs in Debian
// and RPM distributions alike), not whichever node comes first on PATH.
const ENV_SHEBANG = '#!/usr/bin/env node\n';
const PACKAGE_SHEBANG = '#!/usr/bin/node\n';

async function usePackagedNode(file) {
  const source = await readFile(file, 'utf8');
  if (!source.startsWith(ENV_SHEBANG)) throw new Error(`${file}: expected a "${ENV_SHEBANG.trim()}" line first`);
  await writeFile(file, PACKAGE_SHEBANG + source.slice(ENV_SHEBANG.length));
}

/** Stage the package tree below `root` (with `pages` when already generated); returns { pages, programs }. */
export async function stageTree(root, identity, generated = {}) {
  if (!root || resolve(root) === '/') throw new Error(`refusing to stage the package tree into "${root}": give a staging directory`);
  const env = { ...process.env, DESTDIR: root, PREFIX: '/usr' };
  await promisify(execFile)(process.execPath, ['build/install.mjs'], { env });
  const programs = await listPrograms({ fixtures: false });
  for (const program of programs) await usePackagedNode(join(root, 'usr', program.installDir, program.name));
  const pages = generated.pages ?? (await generateManPages());
  for (const page of pages) await writeFileMode(join(root, MAN_DIR, `${page.file}.gz`), gzip(page.text), 0o644);
  const readme = await readFile('README.md', 'utf8');
  await writeFileMode(join(root, DOC_DIR, 'README.md'), readme, 0o644);
  for (const doc of linkedDocs(readme)) await writeFileMode(join(root, DOC_DIR, doc), await readFile(doc), 0o644);
  await writeFileMode(join(root, DOC_DIR, 'copyright'), await copyrightFile(identity, programs), 0o644);
  return { pages, programs };
}

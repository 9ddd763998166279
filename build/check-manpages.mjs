// Fails (exit 1) when an installed program has no man page, or a page is broken:
// - every name a program installs (build/man/pages.mjs) renders a page from its own meta-data
//   or help, which man(1) formats without a warning and which names every parameter;
// - every executable in the staged package tree (programs, links) has its page in that tree;
// - README.md's generated configuration examples match the programs (`node build/manpages.mjs --readme`).
// Usage: node build/check-manpages.mjs [--tree DIR]   (default: stages a fresh tree in a temp dir)
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateManPages } from './man/generate.mjs';
import { manPageOf } from './man/pages.mjs';
import { readmeExamples, replaceReadmeBlock } from './man/readme.mjs';
import { INSTALL_DIRS } from './programs.mjs';
import { packageIdentity } from './package/changelog.mjs';
import { MAN_DIR, stageTree } from './package/stage.mjs';
import { walkTree } from './package/tree.mjs';

const run = promisify(execFile);
const problems = [];
const treeIndex = process.argv.indexOf('--tree');
const work = await mkdtemp(join(tmpdir(), 'xenha-check-man-'));
try {
  const pages = await generateManPages();
  for (const page of pages) {
    const file = join(work, 'pages', page.file);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, page.text);
    const formatted = await run('man', ['--warnings', '-E', 'UTF-8', '-l', file], { env: { ...process.env, MANWIDTH: '80', LC_ALL: 'C.UTF-8' } })
      .catch((error) => ({ stdout: '', stderr: `${error.stderr ?? ''}${error.message}` }));
    if (formatted.stderr.trim() !== '') problems.push(`${page.file}: man reports: ${formatted.stderr.trim()}`);
    if (!/^NAME$/m.test(formatted.stdout)) problems.push(`${page.file}: no NAME section`);
    for (const parameter of page.model.parameters) {
      if (!formatted.stdout.includes(parameter.name)) problems.push(`${page.file}: parameter ${parameter.name} is not on the page`);
    }
  }

  let tree;
  if (treeIndex > 0) tree = resolve(process.argv[treeIndex + 1]);
  else {
    tree = join(work, 'tree');
    await mkdir(tree);
    await stageTree(tree, await packageIdentity(), { pages });
  }
  // every executable the tree installs where a program kind goes, by kind and name
  const kindOfDir = Object.fromEntries(Object.entries(INSTALL_DIRS).map(([kind, dir]) => [`/usr/${dir}`, kind]));
  const entries = await walkTree(tree, { normaliseDirectories: false });
  let checked = 0;
  for (const entry of entries) {
    const kind = kindOfDir[dirname(entry.path)];
    if (!kind || entry.type === 'dir') continue;
    const { file } = manPageOf(kind, entry.path.slice(entry.path.lastIndexOf('/') + 1));
    checked += 1;
    await access(join(tree, MAN_DIR, `${file}.gz`)).catch(() => problems.push(`${entry.path} has no man page (${MAN_DIR}/${file}.gz)`));
  }

  const readme = await readFile('README.md', 'utf8');
  const expected = replaceReadmeBlock(readme, readmeExamples(pages));
  if (expected === undefined) problems.push('README.md: the generated configuration examples block is missing');
  else if (expected !== readme) problems.push('README.md: configuration examples differ from the programs: run "node build/manpages.mjs --readme" and commit README.md');

  if (problems.length > 0) {
    console.error(problems.join('\n'));
    // not process.exit: the work directory below must still be removed
    process.exitCode = 1;
  } else console.log(`man pages: ${pages.length} generated and formatted cleanly; ${checked} installed programs each have theirs; README examples current`);
} finally {
  await rm(work, { recursive: true, force: true });
}

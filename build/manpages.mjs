// make man: write every installed program's man page to dist/man/man<section>/<page>.<section>
// (build/man/pages.mjs names them; the text comes from each built program's meta-data or help).
// --readme: also rewrite README.md's generated configuration examples (between the markers).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateManPages } from './man/generate.mjs';
import { readmeExamples, README_BEGIN, README_END, replaceReadmeBlock } from './man/readme.mjs';

const OUT = 'dist/man';
const pages = await generateManPages();
await rm(OUT, { recursive: true, force: true });
for (const page of pages) {
  const target = join(OUT, page.file);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, page.text);
}
console.log(`man pages: ${pages.map((p) => p.file).join(' ')} in ${OUT}/`);
if (process.argv.includes('--readme')) {
  const readme = await readFile('README.md', 'utf8');
  const updated = replaceReadmeBlock(readme, readmeExamples(pages));
  if (updated === undefined) {
    console.error(`README.md: no "${README_BEGIN}" … "${README_END}" block to fill`);
    process.exit(1);
  }
  await writeFile('README.md', updated);
  console.log('README.md: configuration examples regenerated');
}

// The programs of the suite: every src/agents/<dir>/program.json (and, for tests,
// test/fixtures/<dir>/program.json). One place says what is built and where it is installed.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Install directory (below PREFIX) per kind of program. */
export const INSTALL_DIRS = {
  ocf: 'lib/ocf/resource.d/xenha',
  stonith: 'lib/stonith/plugins/external',
  helper: 'lib/xenha',
  sbin: 'sbin',
};

/** Default argv that prints a program's meta-data, per kind. */
const METADATA_ARGS = { ocf: ['meta-data'], stonith: ['getinfo-xml'], helper: null, sbin: ['-o', 'metadata'] };

async function readManifests(root, { fixture }) {
  let dirs;
  try {
    dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const programs = [];
  for (const dir of dirs) {
    let manifest;
    try {
      manifest = JSON.parse(await readFile(join(root, dir, 'program.json'), 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') continue;
      throw new Error(`${join(root, dir, 'program.json')}: ${error.message}`);
    }
    for (const program of manifest.programs) {
      if (!INSTALL_DIRS[program.kind]) throw new Error(`${dir}: unknown kind "${program.kind}"`);
      const out = fixture ? join('dist', 'test', program.kind, program.name) : join('dist', program.kind, program.name);
      programs.push({
        name: program.name,
        kind: program.kind,
        entry: join(root, dir, program.entry),
        out,
        fixture,
        installDir: INSTALL_DIRS[program.kind],
        // extra names for the same file: [{ kind, name }], installed as symlinks
        links: program.links ?? [],
        // data files installed with it (mode 644): [{ source (in its folder), installAs (below PREFIX) }]
        files: (program.files ?? []).map((file) => ({ source: join(root, dir, file.source), installAs: file.installAs })),
        metadataArgs: program.metadataArgs === undefined ? METADATA_ARGS[program.kind] : program.metadataArgs,
      });
    }
  }
  return programs;
}

export async function listPrograms({ fixtures = true } = {}) {
  const programs = await readManifests('src/agents', { fixture: false });
  if (fixtures) programs.push(...(await readManifests('test/fixtures', { fixture: true })));
  return programs;
}

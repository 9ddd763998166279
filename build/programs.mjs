// The programs of the suite: every src/agents/<dir>/program.json (and, for tests,
// test/fixtures/<dir>/program.json). One place says what is built and where it is installed.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Install directory (below PREFIX) per kind of program. */
export const INSTALL_DIRS = {
  ocf: 'lib/ocf/resource.d/xenha',
  stonith: 'lib/stonith/plugins/external',
  helper: 'lib/xenha',
  sbin: 'sbin',
};

/**
 * Optional files a program folder ships besides the program ("extraFiles" in program.json:
 * [{ "source": "x.service", "kind": "systemd-unit" }]): where each kind goes and its mode.
 * `dir` is below PREFIX unless it starts with "/" (then below DESTDIR only); `name` is the
 * installed file name, from the source file and the program it belongs to.
 */
export const EXTRA_FILE_KINDS = {
  'systemd-unit': { dir: '/lib/systemd/system', mode: 0o644, name: (source) => basename(source) },
  'bash-completion': { dir: 'share/bash-completion/completions', mode: 0o644, name: (_source, program) => program },
};

/** Default argv that prints a program's meta-data, per kind. */
export const METADATA_ARGS = { ocf: ['meta-data'], stonith: ['getinfo-xml'], helper: null, sbin: ['-o', 'metadata'] };

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
        metadataArgs: program.metadataArgs === undefined ? METADATA_ARGS[program.kind] : program.metadataArgs,
        // one line saying what the program is for, for a program without meta-data (its man page)
        summary: program.summary,
        // Debian/RPM packages this program works better with (the packages' Recommends)
        recommends: program.recommends ?? [],
        extraFiles: (program.extraFiles ?? []).map((extra) => {
          const kind = EXTRA_FILE_KINDS[extra.kind];
          if (!kind) throw new Error(`${dir}: unknown extra file kind "${extra.kind}" (known: ${Object.keys(EXTRA_FILE_KINDS).join(', ')})`);
          return { source: join(root, dir, extra.source), kind: extra.kind, dir: kind.dir, mode: kind.mode, name: kind.name(extra.source, program.name) };
        }),
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

// Which man page each installed program gets: resource-agents' naming for the agents
// (ocf_xenha_<Agent>(7), stonith_xenha_<plugin>(7)), the command name for what is on PATH
// (fence_xenha_ssh(8), xenha(8)), and xenha-<name>(8) for helpers outside PATH.
import { join } from 'node:path';
import { INSTALL_DIRS, METADATA_ARGS } from '../programs.mjs';

const PAGE_NAMING = {
  ocf: (name) => ({ page: `ocf_xenha_${name}`, section: 7 }),
  stonith: (name) => ({ page: `stonith_xenha_${name}`, section: 7 }),
  sbin: (name) => ({ page: name, section: 8 }),
  helper: (name) => ({ page: name.startsWith('xenha') ? name : `xenha-${name}`, section: 8 }),
};

/** The man page of an installed name of a program: { page, section, file } (file below share/man). */
export function manPageOf(kind, name) {
  const naming = PAGE_NAMING[kind];
  if (!naming) throw new Error(`no man page naming for kind "${kind}"`);
  const { page, section } = naming(name);
  return { page, section, file: join(`man${section}`, `${page}.${section}`) };
}

/**
 * Every name a user or the cluster runs: each program and each of its links, with the argv that
 * prints its meta-data (null: none, the page comes from --help) and the path it is installed at.
 */
export function installedNames(programs) {
  const names = [];
  for (const program of programs.filter((p) => !p.fixture)) {
    names.push({ program, kind: program.kind, name: program.name, metadataArgs: program.metadataArgs, link: false });
    for (const link of program.links) {
      const metadataArgs = link.metadataArgs === undefined ? METADATA_ARGS[link.kind] : link.metadataArgs;
      names.push({ program, kind: link.kind, name: link.name, metadataArgs, link: true });
    }
  }
  return names.map((entry) => ({
    ...entry,
    path: join('/usr', INSTALL_DIRS[entry.kind], entry.name),
    man: manPageOf(entry.kind, entry.name),
  }));
}

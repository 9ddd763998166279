// What the packages depend on and take over, from the program manifests: node for every
// program, the cluster pieces each kind of program works with, a program's own "recommends",
// and the cluster-glue plugin paths our STONITH plugins occupy (diverted in the DEB).
import { join } from 'node:path';
import { INSTALL_DIRS } from '../programs.mjs';

export const NODE_DEPENDENCY = { deb: 'nodejs (>= 18)', rpm: 'nodejs >= 18' };

/** Packages every program of a kind works with (Pacemaker runs agents, cluster-glue runs plugins). */
const KIND_RECOMMENDS = { ocf: ['pacemaker'], stonith: ['cluster-glue', 'pacemaker'], sbin: [], helper: [] };

/** Debian package names that are spelt differently in RPM distributions. */
const RPM_NAMES = { 'pacemaker-cli-utils': 'pacemaker-cli' };

export function recommendedPackages(programs, format) {
  const names = new Set();
  for (const program of programs) {
    for (const name of KIND_RECOMMENDS[program.kind] ?? []) names.add(name);
    for (const link of program.links) for (const name of KIND_RECOMMENDS[link.kind] ?? []) names.add(name);
    for (const name of program.recommends) names.add(name);
  }
  return [...names].map((name) => (format === 'rpm' ? RPM_NAMES[name] ?? name : name)).sort();
}

/** Where cluster-glue's own plugins are kept while ours are installed under their names. */
export const DIVERTED_DIR = '/usr/lib/xenha-agents/cluster-glue';

/** [{ path, divertTo }] for every STONITH plugin name we install (a program or a link of kind stonith). */
export function pluginDiversions(programs) {
  const names = [];
  for (const program of programs) {
    if (program.kind === 'stonith') names.push(program.name);
    for (const link of program.links) if (link.kind === 'stonith') names.push(link.name);
  }
  return names.sort().map((name) => ({ path: join('/usr', INSTALL_DIRS.stonith, name), divertTo: join(DIVERTED_DIR, name) }));
}

// build/packaging/changelog (Debian format) is the one changelog: the DEB ships it, the RPM's
// %changelog is made from it, its newest entry gives the maintainer and the build date (so
// pages and packages are reproducible), and its version must be package.json's.
import { readFile } from 'node:fs/promises';

export const CHANGELOG_FILE = 'build/packaging/changelog';

/** [{ version, distribution, urgency, changes: string[] (lines), maintainer, date: Date, dateText }], newest first. */
export function parseChangelog(source) {
  const entries = [];
  let current;
  for (const line of source.split('\n')) {
    const header = /^(\S+) \(([^)]+)\) ([^;]+); urgency=(\S+)/.exec(line);
    if (header) {
      current = { name: header[1], version: header[2], distribution: header[3], urgency: header[4], changes: [] };
      entries.push(current);
      continue;
    }
    const trailer = /^ -- (.+ <[^>]+>) {2}(.+)$/.exec(line);
    if (trailer && current) {
      current.maintainer = trailer[1];
      current.dateText = trailer[2];
      current.date = new Date(trailer[2]);
      if (Number.isNaN(current.date.getTime())) throw new Error(`${CHANGELOG_FILE}: bad date "${trailer[2]}"`);
      current = undefined;
      continue;
    }
    if (current && line.startsWith('  ')) current.changes.push(line.slice(2));
  }
  if (entries.length === 0 || !entries[0].maintainer) throw new Error(`${CHANGELOG_FILE}: no complete entry`);
  return entries;
}

/** The package's identity: name, version (package.json, checked against the changelog), maintainer, date. */
export async function packageIdentity() {
  const manifest = JSON.parse(await readFile('package.json', 'utf8'));
  const changelogSource = await readFile(CHANGELOG_FILE, 'utf8');
  const entries = parseChangelog(changelogSource);
  if (entries[0].version !== manifest.version) {
    throw new Error(`${CHANGELOG_FILE}: newest entry is ${entries[0].version} but package.json says ${manifest.version}: add a changelog entry for ${manifest.version}`);
  }
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    license: manifest.license,
    maintainer: entries[0].maintainer,
    date: entries[0].date,
    changelogSource,
    changelog: entries,
  };
}

/**
 * Host lists as cluster-glue plugins take them ("a,b c"), and the case-insensitive match of a
 * requested host against them (the stonith CLI lower-cases the node name it passes).
 */

/** Split a hostlist on commas and whitespace, dropping empty entries and case-insensitive duplicates. */
export function parseHostList(value: string | undefined): string[] {
  const hosts: string[] = [];
  const seen = new Set<string>();
  for (const word of (value ?? '').split(/[\s,]+/)) {
    if (word === '') continue;
    const key = word.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    hosts.push(word);
  }
  return hosts;
}

/** The hostlist entry that `requested` names (compared case-insensitively), as configured; undefined when none. */
export function findHost(hosts: readonly string[], requested: string): string | undefined {
  const wanted = requested.trim().toLowerCase();
  if (wanted === '') return undefined;
  return hosts.find((host) => host.toLowerCase() === wanted);
}

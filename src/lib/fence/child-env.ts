/**
 * The environment a fencing plugin's children get. cluster-glue hands the plugin every device
 * parameter (passwords included) as an environment variable, so the inherited environment is
 * never passed on: children get a short allow-list, with any value equal to a secret removed.
 */
const KEPT_NAMES = new Set(['PATH', 'HOME', 'TZ', 'LANG', 'TMPDIR']);
const KEPT_PREFIXES = ['HA_', 'PCMK_', 'CIB_'];

export function fenceChildEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  parameterNames: readonly string[],
  secrets: readonly string[],
): Record<string, string> {
  const excluded = new Set(parameterNames);
  const child: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || excluded.has(name)) continue;
    if (!KEPT_NAMES.has(name) && !KEPT_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    if (secrets.some((secret) => secret !== '' && value.includes(secret))) continue;
    child[name] = value;
  }
  child.PATH ??= '/usr/sbin:/usr/bin:/sbin:/bin';
  child.LC_ALL = 'C';
  return child;
}

/**
 * The system's ssh client configuration for one host, as OpenSSH itself resolves it
 * (`ssh -G`: /etc/ssh/ssh_config, its ssh_config.d includes, ~/.ssh/config, Host aliases).
 * The reference external/ssh runs the ssh binary, so whatever identity, known_hosts files,
 * HostName or Port a sysadmin configured there worked for it; reading the same answer keeps
 * it working for us, without a parser of our own for ssh_config's grammar.
 */
import { homedir, userInfo } from 'node:os';
import { runCommand } from '../exec/index.js';
import type { Deadline } from '../runtime/index.js';

export interface SshClientConfig {
  /** HostName: where to connect (the alias resolved). */
  readonly hostname: string;
  readonly port: number | undefined;
  /** IdentityFile entries, expanded (they may not exist). */
  readonly identityFiles: readonly string[];
  /** UserKnownHostsFile then GlobalKnownHostsFile entries, expanded (they may not exist). */
  readonly knownHostsFiles: readonly string[];
  /** HostKeyAlias: the name host keys are recorded under, when set. */
  readonly hostKeyAlias: string | undefined;
}

/** How long `ssh -G` may take: it only reads files. */
const SSH_G_TIMEOUT_MS = 2000;

function homeDirectory(): string {
  try {
    return userInfo().homedir;
  } catch {
    return homedir();
  }
}

/** ssh_config's tokens that `ssh -G` leaves in IdentityFile: ~, %d, %u, %h, %r, %%. */
export function expandPathTokens(path: string, tokens: { home: string; localUser: string; host: string; remoteUser: string }): string {
  const tilde = path === '~' || path.startsWith('~/') ? tokens.home + path.slice(1) : path;
  return tilde.replace(/%([%duhr])/g, (_, token: string) => ({
    '%': '%', d: tokens.home, u: tokens.localUser, h: tokens.host, r: tokens.remoteUser,
  })[token] ?? '');
}

/** Parse `ssh -G` output (lower-case keyword, a space, the value; some keywords repeat). */
export function parseSshG(output: string, remoteUser: string): SshClientConfig | undefined {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^([a-z0-9]+) (.*)$/.exec(line.trim());
    if (!match) continue;
    const list = values.get(match[1]) ?? [];
    list.push(match[2]);
    values.set(match[1], list);
  }
  const hostname = values.get('hostname')?.[0];
  if (hostname === undefined || hostname === '') return undefined;
  let localUser = 'root';
  try { localUser = userInfo().username; } catch { /* keep root */ }
  const tokens = { home: homeDirectory(), localUser, host: hostname, remoteUser };
  const expand = (entries: readonly string[] | undefined) => (entries ?? [])
    .flatMap((entry) => entry.split(/\s+/))
    .filter((entry) => entry !== '' && entry.toLowerCase() !== 'none')
    .map((entry) => expandPathTokens(entry, tokens));
  const port = Number(values.get('port')?.[0]);
  const alias = values.get('hostkeyalias')?.[0];
  return {
    hostname,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
    identityFiles: expand(values.get('identityfile')),
    knownHostsFiles: [...expand(values.get('userknownhostsfile')), ...expand(values.get('globalknownhostsfile'))],
    hostKeyAlias: alias === undefined || alias === '' || alias === 'none' ? undefined : alias,
  };
}

/**
 * `ssh -G -l USER -- HOST`; undefined when ssh is not installed or cannot answer (the built-in
 * defaults then apply). XENHA_SSH_CONFIG (an absolute path) names the configuration file
 * instead of the system's, for tests.
 */
export async function readSshClientConfig(
  host: string,
  user: string,
  deadline: Deadline,
  env: Readonly<Record<string, string | undefined>>,
  log: { debug(message: string): void },
): Promise<SshClientConfig | undefined> {
  if (host.startsWith('-') || user.startsWith('-')) return undefined;
  // A knob of this process (tests), not of the child's environment, which keeps only an allow-list.
  const file = process.env.XENHA_SSH_CONFIG;
  const args = [...(file && file.startsWith('/') ? ['-F', file] : []), '-G', '-l', user, '--', host];
  const result = await runCommand('ssh', args, {
    deadline: deadline.sub(SSH_G_TIMEOUT_MS),
    env: { PATH: env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? homeDirectory() },
    replaceEnv: true,
    input: '',
    maxOutputBytes: 64 * 1024,
  });
  if (result.exitCode !== 0) {
    log.debug(`ssh client configuration for ${host} not read (${result.startError ?? `ssh -G exited ${result.exitCode ?? result.signal}`}); using the built-in defaults`);
    return undefined;
  }
  return parseSshG(result.stdout, user);
}

/** ssh settings from a plugin's typed parameters, and the files they name. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { SshError } from './errors.js';
import { parseKnownHosts, type KnownHostEntry } from './known-hosts.js';

export interface SshSettings {
  readonly user: string;
  readonly port: number;
  readonly identityFile: string | undefined;
  readonly passphrase: string | undefined;
  readonly knownHostsFiles: readonly string[] | undefined;
  readonly checkHostKey: boolean;
  readonly connectTimeoutMs: number;
  /** ssh_port was set: it wins over the client configuration's Port. */
  readonly portGiven: boolean;
}

/** The typed values of `sshParameters` inside any plugin's parameter values. */
export interface SshParameterValues {
  readonly ssh_user: string;
  readonly ssh_port: number;
  readonly ssh_identity_file: string | undefined;
  readonly ssh_passphrase: string | undefined;
  readonly ssh_known_hosts: string | undefined;
  readonly ssh_check_host_key: boolean;
  readonly ssh_connect_timeout: number;
}

/** `given`: the parameters as set, to tell an explicit ssh_port from the default. */
export function sshSettings(params: SshParameterValues, given: Readonly<Record<string, string>> = {}): SshSettings {
  const files = params.ssh_known_hosts?.split(/\s+/).filter((f) => f !== '');
  return {
    user: params.ssh_user,
    port: params.ssh_port,
    identityFile: params.ssh_identity_file,
    passphrase: params.ssh_passphrase,
    knownHostsFiles: files && files.length > 0 ? files : undefined,
    checkHostKey: params.ssh_check_host_key,
    connectTimeoutMs: params.ssh_connect_timeout,
    portGiven: given.ssh_port !== undefined,
  };
}

function homeDirectory(): string {
  try {
    return userInfo().homedir;
  } catch {
    return homedir();
  }
}

export const DEFAULT_IDENTITY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface IdentityFile {
  readonly path: string;
  readonly data: Buffer;
}

/**
 * The identity file given, else those of the ssh client configuration that exist (`fromConfig`,
 * what `ssh -G` lists), else the default ones that exist; a clear error when there is none.
 */
export function readIdentityFiles(settings: SshSettings, fromConfig?: readonly string[]): IdentityFile[] {
  if (settings.identityFile) {
    try {
      return [{ path: settings.identityFile, data: readFileSync(settings.identityFile) }];
    } catch (error) {
      throw new SshError('config', `cannot read ssh_identity_file ${settings.identityFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
  }
  const directory = join(homeDirectory(), '.ssh');
  const candidates = fromConfig ?? DEFAULT_IDENTITY_NAMES.map((name) => join(directory, name));
  const found: IdentityFile[] = [];
  const unreadable: string[] = [];
  for (const path of candidates) {
    try {
      found.push({ path, data: readFileSync(path) });
    } catch (error) {
      // Absent: try the next. Present but unreadable (EACCES, EISDIR…): say so.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') unreadable.push(`cannot read ${path} (${code ?? (error as Error).message})`);
    }
  }
  if (found.length === 0 && unreadable.length > 0) {
    throw new SshError('config', `no usable ssh identity: ${unreadable.join('; ')}; fix its permissions or set ssh_identity_file`);
  }
  if (found.length === 0) {
    const where = fromConfig ? 'the IdentityFile entries of the ssh client configuration' : 'the default identity files';
    throw new SshError('config', `no ssh identity: none of ${where} exists (${candidates.join(', ')}); `
      + 'set ssh_identity_file, or IdentityFile in /etc/ssh/ssh_config or ~/.ssh/config');
  }
  return found;
}

export function defaultKnownHostsFiles(): string[] {
  return [join(homeDirectory(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

export interface KnownHosts {
  readonly files: readonly string[];
  readonly entries: readonly KnownHostEntry[];
}

/**
 * Read the known_hosts files: named ones must be readable; those of the ssh client configuration
 * (`fromConfig`) and the default ones may be absent.
 */
export function readKnownHosts(settings: SshSettings, fromConfig?: readonly string[]): KnownHosts {
  const named = settings.knownHostsFiles !== undefined;
  const files = settings.knownHostsFiles ?? fromConfig ?? defaultKnownHostsFiles();
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    if (!named && !existsSync(file)) continue;
    try {
      entries.push(...parseKnownHosts(readFileSync(file, 'utf8'), file));
    } catch (error) {
      throw new SshError('config', `cannot read known_hosts file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
  }
  return { files, entries };
}

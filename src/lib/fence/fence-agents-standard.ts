/**
 * fence-agents' standard options, in the shape of fencing.py's `all_opt` table: the stdin key,
 * the getopt letter and long form, the value placeholder, the metadata content type. One table
 * drives parsing (stdin and command line), metadata, -h and the man page.
 *
 * Core options are handled by the fencing core for every plugin. Mappable options exist only
 * where a plugin says which of its parameters they set (`fenceAgentOptions`), e.g. `username`
 * is external/ssh's `ssh_user`.
 */

export interface FenceAgentOption {
  /** The stdin key (what Pacemaker passes), e.g. "username". */
  readonly name: string;
  /** getopt letter, e.g. "l" for -l. */
  readonly letter?: string;
  /** Placeholder of the value in the getopt form, e.g. "name"; absent for a flag. */
  readonly valueName?: string;
  readonly content: 'string' | 'integer' | 'second' | 'boolean';
  readonly default?: string;
  readonly shortdesc: string;
  /** The older stdin key fence-agents still accepts for it (metadata: obsoletes="…"). */
  readonly obsoletes?: string;
  readonly required?: boolean;
}

export const CORE_OPTIONS: readonly FenceAgentOption[] = [
  { name: 'action', letter: 'o', valueName: 'action', content: 'string', default: 'reboot', shortdesc: 'Fencing action', required: true },
  { name: 'plug', letter: 'n', valueName: 'id', content: 'string', obsoletes: 'port', shortdesc: 'The host to fence (with hostlist: one of it, compared case-insensitively)' },
  { name: 'nodename', valueName: 'name', content: 'string', shortdesc: 'The host to fence when neither plug nor port is given' },
  { name: 'delay', valueName: 'seconds', content: 'second', default: '0', shortdesc: 'Wait X seconds before fencing is started' },
  { name: 'power_wait', valueName: 'seconds', content: 'second', default: '0', shortdesc: 'Wait X seconds after issuing ON/OFF before reading the status' },
  { name: 'retry_on', valueName: 'attempts', content: 'integer', default: '1', shortdesc: 'Count of attempts of the whole action (within its deadline)' },
  { name: 'verbose', letter: 'v', content: 'boolean', shortdesc: 'Verbose mode: log debug messages' },
  { name: 'debug_file', letter: 'D', valueName: 'debugfile', content: 'string', obsoletes: 'debug', shortdesc: 'Write debug information to given file' },
  { name: 'version', letter: 'V', content: 'boolean', shortdesc: 'Display version information and exit' },
  { name: 'help', letter: 'h', content: 'boolean', shortdesc: 'Display help and exit' },
];

/** Standard options a plugin may map to one of its parameters. */
export const MAPPABLE_OPTIONS = {
  ip: { name: 'ip', letter: 'a', valueName: 'ip', content: 'string', obsoletes: 'ipaddr', shortdesc: 'IP address or hostname of fencing device' },
  ipport: { name: 'ipport', letter: 'u', valueName: 'port', content: 'integer', shortdesc: 'TCP/UDP port to use for connection with device' },
  username: { name: 'username', letter: 'l', valueName: 'name', content: 'string', obsoletes: 'login', shortdesc: 'Login name' },
  password: { name: 'password', letter: 'p', valueName: 'password', content: 'string', obsoletes: 'passwd', shortdesc: 'Login password or passphrase' },
  identity_file: { name: 'identity_file', letter: 'k', valueName: 'filename', content: 'string', shortdesc: 'Identity file (private key) for SSH' },
  login_timeout: { name: 'login_timeout', valueName: 'seconds', content: 'second', shortdesc: 'Wait X seconds for the login' },
  power_timeout: { name: 'power_timeout', valueName: 'seconds', content: 'second', shortdesc: 'Test X seconds for status change after ON/OFF' },
  shell_timeout: { name: 'shell_timeout', valueName: 'seconds', content: 'second', shortdesc: 'Wait X seconds for a command to finish' },
} as const satisfies Readonly<Record<string, FenceAgentOption>>;

export type MappableOptionName = keyof typeof MAPPABLE_OPTIONS;

/**
 * Offered where the plugin maps `password`: the core runs the script (password-script.ts) and
 * its first line becomes the password, overriding `password` as fencing.py does.
 */
export const PASSWORD_SCRIPT_OPTION: FenceAgentOption = {
  name: 'password_script', letter: 'S', valueName: 'script', content: 'string', obsoletes: 'passwd_script',
  shortdesc: 'Script to run to retrieve password (an absolute path to an executable, no arguments; its first line of output is the password)',
};

/**
 * Offered where the plugin logs in with ssh (`sshOptions`). Our ssh client is a library, not the
 * ssh binary: the options that map (-p, -i, -l, -o Port/User/IdentityFile) are applied, terminal
 * options (-t, -T, -q, -x, -n) mean nothing here, anything weakening host-key checking is refused
 * and the rest is ignored with a warning (ssh-options.ts).
 */
export const SSH_OPTIONS_OPTION: FenceAgentOption = {
  name: 'ssh_options', valueName: 'options', content: 'string',
  shortdesc: 'SSH options to use: -p PORT, -i FILE, -l USER and -o Port=/User=/IdentityFile= apply; -t, -T, -q, -x, -n mean nothing to this ssh client; options that weaken host-key checking are refused; others are ignored with a warning',
};

/** `--power-wait` for power_wait. */
export function longOption(name: string): string {
  return `--${name.replace(/_/g, '-')}`;
}

/** fencing.py's getopt form: "-l, --username=[name]", "--delay=[seconds]", "-v, --verbose". */
export function getoptForm(option: Pick<FenceAgentOption, 'name' | 'letter' | 'valueName'>): string {
  const long = `${longOption(option.name)}${option.valueName ? `=[${option.valueName}]` : ''}`;
  return option.letter ? `-${option.letter}, ${long}` : long;
}

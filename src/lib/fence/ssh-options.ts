/**
 * fence-agents' `ssh_options`: fencing.py appends them to the ssh command line it spawns. Our
 * plugins log in with an ssh library, not the ssh binary, so the value is read as ssh options
 * and what has a meaning here is applied to the plugin's own parameters: -p / -o Port=,
 * -l / -o User=, -i / -o IdentityFile=. Terminal, forwarding and compression flags (-t, -tt, -T,
 * -q, -x, -n, -a, -C) mean nothing to a library session and are skipped. Anything that would weaken host-key
 * checking is refused: this is a fencing device, and a spoofed host would be "fenced". The
 * rest is reported as ignored.
 */
import { FenceError } from './errors.js';

/** Where the options that map go: the plugin parameters its ipport, username, identity_file set. */
export interface SshOptionTargets {
  readonly port?: string;
  readonly user?: string;
  readonly identityFile?: string;
}

export interface SshOptionsResult {
  /** plugin parameter → value */
  readonly settings: Readonly<Record<string, string>>;
  /** What was ignored and why (for a warning). */
  readonly ignored: readonly string[];
}

/** No effect on a non-interactive library session. */
const MEANINGLESS_FLAGS = new Set(['-t', '-tt', '-T', '-q', '-x', '-n', '-a', '-C']);
/** ssh options that take an argument (so that the argument is not read as an option). */
const OPTIONS_WITH_ARGUMENT = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-J', '-L', '-m', '-O', '-Q', '-R', '-S', '-W', '-w', '-B']);
const WEAKENING_KEYS = new Set(['stricthostkeychecking', 'userknownhostsfile', 'globalknownhostsfile', 'checkhostip', 'verifyhostkeydns', 'updatehostkeys', 'knownhostscommand']);
const SHOWABLE = /^[A-Za-z0-9_=.,:/@+-]{1,200}$/;

function show(word: string): string {
  return SHOWABLE.test(word) ? word : '(an option with unusual characters)';
}

export function parseSshOptions(raw: string, targets: SshOptionTargets): SshOptionsResult {
  if (/["'\\`$]/.test(raw)) {
    throw new FenceError('config', 'ssh_options: quoting and shell syntax are not supported (this ssh client takes no command line; give -p PORT, -i FILE, -l USER)');
  }
  const words = raw.trim() === '' ? [] : raw.trim().split(/\s+/);
  const settings: Record<string, string> = {};
  const ignored: string[] = [];
  const set = (target: string | undefined, option: string, value: string | undefined): void => {
    if (value === undefined || value === '') throw new FenceError('config', `ssh_options: ${option} needs a value`);
    if (target === undefined) {
      ignored.push(`${option} (this device has no such setting)`);
      return;
    }
    settings[target] = value;
  };
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (MEANINGLESS_FLAGS.has(word)) continue;
    const letter = /^-[A-Za-z]/.test(word) ? word.slice(0, 2) : undefined;
    const attached = word.length > 2 ? word.slice(2) : undefined;
    const argument = (): string | undefined => (attached !== undefined ? attached : words[++index]);
    switch (letter) {
      case '-p': set(targets.port, '-p', argument()); break;
      case '-l': set(targets.user, '-l', argument()); break;
      case '-i': set(targets.identityFile, '-i', argument()); break;
      case '-o': {
        const setting = argument() ?? '';
        const match = /^([A-Za-z]+)\s*=?\s*(.*)$/.exec(setting);
        if (match === null || match[2] === '') throw new FenceError('config', `ssh_options: -o needs Key=Value, not "${show(setting)}"`);
        const key = match[1].toLowerCase();
        const value = match[2];
        if (WEAKENING_KEYS.has(key) && !(key === 'stricthostkeychecking' && /^yes$/i.test(value))) {
          throw new FenceError('config', `ssh_options: -o ${show(setting)} is refused: host keys are always checked against known_hosts (set ssh_known_hosts to use another file)`);
        }
        if (key === 'port') set(targets.port, '-o Port', value);
        else if (key === 'user') set(targets.user, '-o User', value);
        else if (key === 'identityfile') set(targets.identityFile, '-o IdentityFile', value);
        else if (key !== 'stricthostkeychecking') ignored.push(`-o ${show(setting)}`);
        break;
      }
      default:
        if (letter !== undefined && OPTIONS_WITH_ARGUMENT.has(letter) && attached === undefined) index += 1;
        ignored.push(show(letter !== undefined && OPTIONS_WITH_ARGUMENT.has(letter) ? letter : word));
    }
  }
  return { settings, ignored };
}

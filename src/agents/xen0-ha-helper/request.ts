/**
 * What the Dom0 helper is asked to do, and whether this caller may ask it.
 *
 * Two ways to run it:
 * - by hand or over an unrestricted ssh login: `xen0-ha-helper [--allow …] COMMAND DOMU [TIMEOUT]`;
 * - as an authorized_keys forced command, `command="/usr/lib/xenha/xen0-ha-helper --allow vm1,vm2"`:
 *   sshd runs the helper whatever the client asked and puts the client's command line in
 *   SSH_ORIGINAL_COMMAND. The helper then takes its words from there only (the path of the
 *   helper, then COMMAND DOMU [TIMEOUT], plain words), requires an allow-list, and refuses
 *   anything else: a shell, another program, no command at all.
 *
 * The allow-list (`--allow NAME[,NAME…]`, repeatable, and/or `--allow-file FILE`, one name a
 * line, '#' comments) names the Dom0 resources this caller may stop and start.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export type HelperCommand = 'off' | 'on' | 'reset' | 'status';

export interface HelperRequest {
  readonly command: HelperCommand;
  readonly domu: string;
  /** The TIMEOUT word; undefined when not given. */
  readonly timeoutWord: string | undefined;
  /** Names this caller may act on; undefined: no allow-list (only when not a forced command). */
  readonly allowed: ReadonlySet<string> | undefined;
  /** Run as an authorized_keys forced command (SSH_ORIGINAL_COMMAND was set). */
  readonly forced: boolean;
}

/** Why a request is not even considered: 'usage' (malformed) or 'refused' (not allowed). */
export class RequestProblem extends Error {
  constructor(readonly kind: 'usage' | 'refused', message: string) {
    super(message);
    this.name = 'RequestProblem';
  }
}

export const HELPER_NAME = 'xen0-ha-helper';
export const USAGE = `usage: ${HELPER_NAME} {off|on|reset|status} DOMU [TIMEOUT-SECONDS]\n       options: --allow DOMU[,DOMU…] and --allow-file FILE (the DomUs this caller may act on)`;

const COMMANDS: readonly string[] = ['off', 'on', 'reset', 'status'];
const DOMU_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PLAIN_WORD = /^[A-Za-z0-9._/-]+$/;

function shown(text: string): string {
  const flat = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 77)}...` : flat);
}

function addNames(allowed: Set<string>, text: string, where: string): void {
  for (const name of text.split(/[\s,]+/)) {
    if (name === '') continue;
    if (!DOMU_NAME.test(name)) throw new RequestProblem('usage', `${where}: ${shown(name)} is not a DomU name`);
    allowed.add(name);
  }
}

function readAllowFile(path: string, read: (path: string) => string): string {
  try {
    return read(path).split('\n').map((line) => line.replace(/#.*/, '')).join('\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new RequestProblem('usage', `cannot read the allow-list ${path} (${code})`);
  }
}

/** The helper's own options (the forced command's arguments) and the words left after them. */
function parseOptions(argv: readonly string[], read: (path: string) => string): { allowed: Set<string> | undefined; rest: string[] } {
  let allowed: Set<string> | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const inline = /^--(allow|allow-file)=(.*)$/s.exec(arg);
    const option = inline ? `--${inline[1]}` : arg;
    if (option !== '--allow' && option !== '--allow-file') {
      rest.push(arg);
      continue;
    }
    const value = inline ? inline[2] : argv[++i];
    if (value === undefined) throw new RequestProblem('usage', `${option} needs a value\n${USAGE}`);
    allowed ??= new Set<string>();
    if (option === '--allow') addNames(allowed, value, '--allow');
    else addNames(allowed, readAllowFile(value, read), value);
  }
  return { allowed, rest };
}

/** The words of SSH_ORIGINAL_COMMAND: the helper itself first, then plain words only. */
function forcedWords(original: string): string[] {
  const words = original.trim().split(/[ \t]+/).filter((word) => word !== '');
  if (words.length === 0) throw new RequestProblem('refused', 'this key may only run the Dom0 helper, not a shell');
  if (words.some((word) => !PLAIN_WORD.test(word)) || basename(words[0]) !== HELPER_NAME) {
    throw new RequestProblem('refused', `this key may only run the Dom0 helper, not ${shown(original.trim())}`);
  }
  return words.slice(1);
}

export function parseRequest(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): HelperRequest {
  const original = env.SSH_ORIGINAL_COMMAND;
  const forced = original !== undefined;
  const options = parseOptions(argv, read);
  if (forced && options.rest.length > 0) {
    throw new RequestProblem('usage', `as a forced command the helper takes only --allow/--allow-file, not ${shown(options.rest.join(' '))}`);
  }
  if (forced && options.allowed === undefined) {
    throw new RequestProblem('refused', 'as a forced command the helper needs an allow-list (--allow or --allow-file): refusing');
  }
  const words = forced ? forcedWords(original) : options.rest;
  const [command, domu, timeoutWord, ...extra] = words;
  if (command === undefined || domu === undefined || extra.length > 0 || !COMMANDS.includes(command)) {
    throw new RequestProblem(forced ? 'refused' : 'usage', `invalid arguments: ${shown(words.join(' ') || '(none)')}\n${USAGE}`);
  }
  if (!DOMU_NAME.test(domu)) {
    throw new RequestProblem('usage', `invalid DomU name ${shown(domu)}: letters, digits, ".", "_" and "-" only`);
  }
  if (options.allowed !== undefined && !options.allowed.has(domu)) {
    throw new RequestProblem('refused', `${domu} is not in this key's allow-list: refusing to ${command} it`);
  }
  return { command: command as HelperCommand, domu, timeoutWord, allowed: options.allowed, forced };
}

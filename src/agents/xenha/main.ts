/**
 * xenha: the cluster-aware admin command for Xen guests (see cli.ts and docs/xenha.md).
 * The plain `xenha list` / `xenha list --json` (what scripts and monitoring run in a loop) is
 * answered without loading yargs, which costs more than the rest of the command; every other
 * command line, including any option or --help, goes through the yargs parser in cli.ts.
 */
import { Deadline } from '../../lib/runtime/deadline.js';
import { writeAllSync } from '../../lib/runtime/output.js';
import { AdminError, AdminExit } from './exit-codes.js';
import { readSnapshot, type Session } from './session.js';

const VERSION = '1.0.0';
/** Time beyond --timeout for the Pacemaker calls before and after the wait. */
const CALL_SLACK_MS = 60_000;
const DEFAULT_TIMEOUT_S = 300;

function flatten(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
}

function makeSession(timeoutS: number, verbose: boolean): Session {
  const cibFile = process.env.CIB_file !== undefined && process.env.CIB_file !== '' ? process.env.CIB_file : undefined;
  return {
    deadline: new Deadline(timeoutS * 1000 + CALL_SLACK_MS),
    cibFile,
    log: { debug: (message: string) => { if (verbose) writeAllSync(2, `xenha: ${flatten(message)}\n`); } },
    out: (text: string) => writeAllSync(1, text),
    interactive: process.stdout.isTTY === true,
  };
}

/** `list` or `list --json`, exactly. */
function isPlainList(argv: readonly string[]): boolean {
  return (argv.length === 1 && argv[0] === 'list') || (argv.length === 2 && argv[0] === 'list' && argv[1] === '--json');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  try {
    if (isPlainList(argv)) {
      const session = makeSession(DEFAULT_TIMEOUT_S, false);
      const { printGuests } = await import('./list.js');
      printGuests(session, await readSnapshot(session), argv[1] === '--json');
      return AdminExit.Ok;
    }
    const { runCli } = await import('./cli.js');
    return await runCli(argv, { makeSession, version: VERSION });
  } catch (error) {
    if (error instanceof AdminError) {
      writeAllSync(2, `xenha: ${flatten(error.message).replace(/ \(see xenha --help\)$/, '')}\n`);
      return error.code;
    }
    writeAllSync(2, `xenha: unexpected error: ${flatten(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
    return AdminExit.Failed;
  }
}

main().then((code) => { process.exitCode = code; }, () => { process.exitCode = AdminExit.Failed; });

/** A command line as text for logs and messages: shell-quoted, secrets replaced (runtime's redactSecrets). */
import { redactSecrets } from '../runtime/text.js';

function quoteForLog(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would read it, secrets replaced: for logs and messages only. */
export function formatCommandLine(command: string, args: readonly string[], secrets: readonly string[] = []): string {
  return redactSecrets([command, ...args].map(quoteForLog).join(' '), secrets);
}

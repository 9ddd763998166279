/** Secrets out of command lines and output: what is logged or reported never holds them. */

const MASK = '****';

/** `text` with every occurrence of each non-empty secret replaced by "****". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join(MASK);
  return clean;
}

function quoteForLog(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would read it, secrets replaced: for logs and messages only. */
export function formatCommandLine(command: string, args: readonly string[], secrets: readonly string[] = []): string {
  return redactSecrets([command, ...args].map(quoteForLog).join(' '), secrets);
}

/** The environment a child process gets. */

export interface ChildEnvironmentOptions {
  /** Added to (or, with `replaceEnv`, instead of) this process's environment; undefined removes. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly replaceEnv?: boolean;
}

/**
 * Stable, untranslated output for parsing (LC_ALL=C), and never our NODE_OPTIONS (a child that
 * is node, such as a daemon we start, must not inherit a test's or a debugger's options).
 */
export function childEnvironment(options: ChildEnvironmentOptions): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = options.replaceEnv ? {} : { ...process.env };
  delete base.NODE_OPTIONS;
  const merged: NodeJS.ProcessEnv = { ...base, ...options.env, LC_ALL: 'C' };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

export { runCommand, runShellScript, type CommandOptions, type CommandResult } from './run-command.js';
export { describeFailure } from './failure-text.js';
export { formatCommandLine, redactSecrets } from './redaction.js';
export { spawnDetached, type DetachedChild, type DetachedOptions } from './spawn-detached.js';

export { runCommand, runShellScript, type CommandOptions, type CommandResult } from './run-command.js';
export { describeFailure } from './failure-text.js';
export { formatCommandLine } from './command-line.js';
export { spawnDetached, type DetachedChild, type DetachedOptions } from './spawn-detached.js';

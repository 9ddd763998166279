export { runCommand, runShellScript, describeFailure, formatCommandLine, type CommandOptions, type CommandResult } from './run-command.js';

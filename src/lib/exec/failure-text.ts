/** How a command's outcome reads in logs, traces and exit reasons. */
import { toolOutputExcerpt } from '../runtime/text.js';
import type { CommandResult } from './run-command.js';

/** At most 1000 characters of output, control characters escaped, for a trace. */
export function outputExcerpt(text: string): string {
  const flat = JSON.stringify(text.length > 1000 ? `${text.slice(0, 1000)}...` : text);
  return `${flat}${text.length > 1000 ? ` (${text.length} characters)` : ''}`;
}

/** One line describing how a command failed, for exit reasons and logs. */
export function describeFailure(result: CommandResult): string {
  if (result.startError !== undefined) return `could not run ${result.commandLine} (${result.startError})`;
  if (result.timedOut) return `${result.commandLine} did not finish in time (killed after ${Math.round(result.durationMs)} ms)`;
  const output = toolOutputExcerpt(result.stderr.trim() || result.stdout);
  const status = result.signal !== undefined ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
  return `${result.commandLine} ${status}${output ? `: ${output}` : ''}`;
}

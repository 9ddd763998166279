/**
 * The command line sent to the Dom0: the helper's fixed path and words restricted to
 * [A-Za-z0-9._-], so the remote user's shell sees plain words and nothing else.
 */
import { FenceError } from '../../lib/fence/errors.js';

const SAFE_WORD = /^[A-Za-z0-9._-]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

export function helperCommand(helper: string, words: readonly string[]): string {
  if (!SAFE_PATH.test(helper)) {
    throw new FenceError('config', `dom0_helper must be an absolute path of letters, digits, ".", "_", "-" and "/", not "${helper}"`);
  }
  for (const word of words) {
    if (!SAFE_WORD.test(word) || word.startsWith('-')) {
      throw new FenceError('config', `refusing to send "${word}" to the Dom0: host names may hold letters, digits, ".", "_" and "-" only (and may not start with "-")`);
    }
  }
  return [helper, ...words].join(' ');
}

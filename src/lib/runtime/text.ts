/**
 * Text that crosses a trust boundary into a log line or an exit reason: flattened to one line
 * (control characters escaped, so no input can forge a second log line or choose a syslog
 * priority) and, for what other programs print, cut to a short printable excerpt.
 */

/** C0 controls, DEL and C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One line: every control character written as an escape (\n, \r, \t, \xNN). */
export function flattenLine(text: string): string {
  return text.replace(CONTROL, (c) => NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Longest excerpt of a tool's output kept for a message. */
export const EXCERPT_MAX_CHARS = 300;

/**
 * A printable, bounded excerpt of what a tool printed: its last `maxLines` non-blank lines
 * joined by " / ", anything unprintable (control characters, bytes that were not UTF-8) as
 * "?", cut to `maxChars`. Output that is mostly unprintable is described, not copied.
 */
export function toolOutputExcerpt(text: string, maxLines = 3, maxChars = EXCERPT_MAX_CHARS): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const sample = trimmed.slice(0, 4096);
  const unprintable = (sample.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g) ?? []).length;
  if (unprintable > sample.length / 10) return '(unprintable output, not shown)';
  const lines = trimmed.split('\n').map((line) => line.trim()).filter((line) => line.length > 0).slice(-maxLines);
  const joined = lines.join(' / ').replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return joined.length > maxChars ? `${joined.slice(0, maxChars - 3)}...` : joined;
}

/** `text` with every occurrence of each non-empty secret replaced by "****". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('****');
  return clean;
}

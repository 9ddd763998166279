/**
 * Descriptions as meta-data readers show them (crm ra info, pcs resource describe): ASCII only
 * (some terminals and XML consumers mangle anything else), and long paragraphs wrapped, since
 * those tools print a long description as it is.
 */

const ASCII_FOR: Readonly<Record<string, string>> = {
  '\u2026': '...', '\u221e': 'infinity', '\u00d7': 'x', '\u2192': '->', '\u2190': '<-',
  '\u2013': '-', '\u2014': '-', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"',
  '\u2264': '<=', '\u2265': '>=', '\u00a0': ' ', '\u2248': '~',
};

/** Replace the typographic characters our descriptions use; anything else non-ASCII becomes "?". */
export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (char) => ASCII_FOR[char] ?? '?');
}

/** Wrap each line longer than `width` at spaces (a word longer than the width stays whole). */
export function wrapLines(text: string, width = 78): string {
  return text.split('\n').map((line) => {
    if (line.length <= width) return line;
    const out: string[] = [];
    let current = '';
    for (const word of line.split(' ')) {
      if (current !== '' && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else {
        current = current === '' ? word : `${current} ${word}`;
      }
    }
    if (current !== '') out.push(current);
    return out.join('\n');
  }).join('\n');
}

/** A line that starts a list item keeps its own line when paragraphs are reflowed. */
const LIST_ITEM = /^\s*([-*]|\d+[.)])\s/;

/**
 * Reflow each paragraph (blank-line separated): the source's own line breaks are joined,
 * except before list items, then wrapped to `width`.
 */
export function reflow(text: string, width = 78): string {
  return text.split(/\n\s*\n/).map((paragraph) => {
    const lines: string[] = [];
    for (const line of paragraph.split('\n')) {
      if (lines.length > 0 && !LIST_ITEM.test(line)) lines[lines.length - 1] += ` ${line.trim()}`;
      else lines.push(line.trimEnd());
    }
    return wrapLines(lines.join('\n'), width);
  }).join('\n\n');
}

/** A description ready for meta-data: ASCII, reflowed and wrapped. */
export function metadataText(text: string, width = 78): string {
  return reflow(toAscii(text.trim()), width);
}

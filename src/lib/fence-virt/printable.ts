/** Text from the network, made safe for one log line: control and non-ASCII bytes as \xNN. */
export function printable(text: string, maxLength = 80): string {
  let out = '';
  for (const char of text.slice(0, maxLength)) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code >= 0x7f || char === '\\' ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return text.length > maxLength ? `${out}...` : out;
}

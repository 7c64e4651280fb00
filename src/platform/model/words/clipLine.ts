/**
 * Text from a token, a server or a file, as one line a person reads: control characters (C0, C1) and line
 * separators become spaces, and a longer text is cut to `max` characters ending in "…", never in the middle
 * of a surrogate pair.
 */
export function clipLine(text: string, max = 200): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (line.length <= max) return line;
  let cut = max - 1;
  const last = line.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${line.slice(0, cut)}…`;
}

/** A claim or header value inside a sentence (a check's reason): at most 120 characters. */
export function clipValue(text: string): string {
  return clipLine(text, 120);
}

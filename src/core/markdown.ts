/**
 * Text from outside (claims, a server's `error_description`, profile fields) made inert for the trusted
 * Markdown of the hover and the status-bar tooltip. Both are trusted (they link to our commands) and render
 * theme icons, so unescaped text could add a working `[x](command:…)` link or a `$(alert)` icon. One escaper
 * for both, so neither can fall behind. Pure: no `vscode` import.
 */

/**
 * Escapes text as MarkdownString.appendText does: theme icons first (`$(zap)` becomes `\$(zap)`, which the
 * renderer shows as text), then every ASCII punctuation character Markdown could read as syntax
 * (CommonMark §2.4): links and images (`[]()!`), HTML and autolinks (`<>`, `&` for entities, `:` so a URL does
 * not become an autolink), emphasis, code, headings, lists, table pipes.
 */
export function escapeMarkdown(text: string): string {
  const icons = text.replace(/(\\)?\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g, (match, escaped: string | undefined) => (escaped ? match : `\\${match}`));
  return icons.replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, '\\$&');
}

/**
 * escapeMarkdown for one line: a heading, a table cell. Line breaks and other control characters become
 * spaces, since a line break ends a table row (the rest would show outside the table).
 */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
}

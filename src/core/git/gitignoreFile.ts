/**
 * Reading and extending a `.gitignore` as text, for a `.env` that holds a token. Pure.
 * `gitignoreDecision` answers where git itself cannot (the folder is not in a repository yet, git is
 * missing, or the workspace is untrusted): a folder whose `.gitignore` already lists `.env` stays safe after
 * a later `git init && git add .`. `gitignoreAppendEdits` is the edit behind "Add .env to .gitignore".
 */
import type { TextEdit } from '../httpFile';

/** The line the fix appends. */
const DOTENV_IGNORE_ENTRY = '.env';

/**
 * What this `.gitignore` says about a file named `fileName` in its own folder: 'ignored', 'included' (a
 * later `!pattern` re-includes it) or undefined (no line matches; an outer `.gitignore` decides). The last
 * matching line wins, as in git. Understood: comments, `!` negation, a leading `/` or `**\/`, `*` and `?`
 * wildcards, trailing spaces; a pattern with an inner `/` or a trailing `/` (a directory) never matches a
 * file directly in this folder.
 */
export function gitignoreDecision(text: string, fileName: string = DOTENV_IGNORE_ENTRY): 'ignored' | 'included' | undefined {
  let decision: 'ignored' | 'included' | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    let pattern = rawLine.replace(/(?<!\\)\s+$/, '');
    if (pattern === '' || pattern.startsWith('#')) continue;
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1);
    if (pattern.startsWith('\\')) pattern = pattern.slice(1); // `\#x`, `\!x`: a literal first character
    if (pattern.startsWith('**/')) pattern = pattern.slice(3);
    else if (pattern.startsWith('/')) pattern = pattern.slice(1);
    if (pattern === '' || pattern.includes('/')) continue;
    if (globMatches(pattern, fileName)) decision = negated ? 'included' : 'ignored';
  }
  return decision;
}

/** `*` any run of characters, `?` one character, everything else literal (character classes included). */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/**
 * Appends `entry` (a plain file name) on a line of its own with the file's line ending (CRLF if the file
 * uses it), after a line break when the file does not end with one. No edit when the file already ignores
 * that name; appended after a `!entry` line, it wins over it (the last match counts). Every existing byte
 * stays.
 */
export function gitignoreAppendEdits(text: string, entry: string = DOTENV_IGNORE_ENTRY): readonly TextEdit[] {
  if (gitignoreDecision(text, entry) === 'ignored') return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const needsBreak = text !== '' && !text.endsWith('\n');
  return [{ start: text.length, end: text.length, newText: `${needsBreak ? eol : ''}${entry}${eol}` }];
}

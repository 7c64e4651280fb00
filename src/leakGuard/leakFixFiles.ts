/**
 * What the Leak guard's Quick Fixes write besides the document: the token into the `.env` beside a `.http`
 * file (the `.gitignore` line: platform/workspaceFiles.ts). Through workspace.fs (never an editor, whose saves
 * land in Local History); every byte already there stays.
 */
import * as vscode from 'vscode';
import { KonexusError } from '../core/errors';
import { applyEdits, dotenvLookup, dotenvUpsertEdit, parseDotenv } from '../core/httpFile';
import { decodeJwt } from '../core/jwt';
import { displayPath } from '../platform/displayPath';
import { textEditText } from '../platform/model/words/textEditWords';
import { isFileNotFound } from '../platform/workspaceFiles';

/**
 * Sets `key` to the token in the `.env` (created when missing) through workspace.fs; every other byte stays.
 * A token already there that expires later is kept: it is likely the one the extension keeps fresh, and
 * overwriting it with a stale copy from the .http file would break every request that reads it. A value
 * that is not a token is the user's own entry: refused (KonexusError), nothing written.
 */
export async function upsertDotenv(envUri: vscode.Uri, key: string, value: string): Promise<'moved' | 'keptNewer'> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await vscode.workspace.fs.readFile(envUri);
  } catch (error) {
    if (!isFileNotFound(error)) throw error;
  }
  let text = '';
  if (bytes) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} is not UTF-8 text; the token was left where it was.', displayPath(envUri)));
    }
  }
  const entries = parseDotenv(text);
  // The key comes from a setting: an entry of the user's own by that name (a URL, a password) is never overwritten.
  if (entries.some(entry => entry.key === key && entry.value.trim() !== '' && !decodeJwt(entry.value).ok)) {
    throw KonexusError.withWords('invalid_request', vscode.l10n.t('{0} in {1} holds a value that is not a token; Konexus does not overwrite it. The token was left where it was: empty that value, or set konexus.httpFiles.dotenvKey to another name.', key, displayPath(envUri)));
  }
  if (expiresLater(dotenvLookup(entries, key), value)) return 'keptNewer';
  const result = dotenvUpsertEdit(text, key, value);
  if (!result.ok) throw KonexusError.withWords('invalid_request', vscode.l10n.t('Cannot write {0} into {1}: {2} The token was left where it was.', key, displayPath(envUri), textEditText(result.why)));
  if (bytes && result.edits.length === 0) return 'moved';
  await vscode.workspace.fs.writeFile(envUri, new TextEncoder().encode(applyEdits(text, result.edits)));
  return 'moved';
}

/** True when `existing` is a JWT whose `exp` is later than that of `moved` (also a JWT). */
function expiresLater(existing: string | undefined, moved: string): boolean {
  if (existing === undefined || existing === moved) return false;
  const exp = (token: string) => {
    const decoded = decodeJwt(token);
    return decoded.ok && typeof decoded.token.claims.exp === 'number' ? decoded.token.claims.exp : undefined;
  };
  const existingExp = exp(existing);
  const movedExp = exp(moved);
  return existingExp !== undefined && movedExp !== undefined && existingExp > movedExp;
}

/**
 * Which files the Leak guard reads, and how. Pure (no `vscode` import; a document is passed as its scheme,
 * path and language id), tested in plain Node.
 *
 *   http      language `http` (REST Client, httpYac) or a `.http` / `.rest` file
 *   dotenv    `.env`, `.env.*`, `*.env` on disk (only those git would commit get diagnostics: the glue asks git)
 *   settings  a workspace `.vscode/settings.json`, the user settings (`vscode-userdata:`, or `…/User/settings.json`
 *             and a profile's), and `*.code-workspace` files, which hold settings too
 */
import { posix } from 'node:path';
import type { ScanFileKind } from '../../core/leaks/leakScan';

export interface DocumentIdentity {
  readonly scheme: string;
  readonly path: string;
  readonly languageId: string;
}

/** Never scan documents larger than this (characters): skipped and logged. */
export const MAX_SCANNED_LENGTH = 10 * 1024 * 1024;

/** Schemes of documents a person edits and could commit or sync. Not `git:`, `output:`, diff sides and the like. */
const EDITED_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-userdata', 'vscode-remote']);

export function leakFileKind(document: DocumentIdentity): ScanFileKind | undefined {
  const { scheme, path, languageId } = document;
  if (!EDITED_SCHEMES.has(scheme)) return undefined;
  const name = posix.basename(path).toLowerCase();
  if (languageId === 'http' || name.endsWith('.http') || name.endsWith('.rest')) return 'http';
  // Git is asked about a .env on disk; an unsaved one has nothing to commit yet.
  if (isDotenvName(name)) return scheme === 'file' || scheme === 'vscode-remote' ? 'dotenv' : undefined;
  if (name === 'settings.json') {
    const parent = posix.basename(posix.dirname(path));
    if (parent === '.vscode' || scheme === 'vscode-userdata' || /\/User\/(?:profiles\/[^/]+\/)?settings\.json$/.test(path)) return 'settings';
  }
  if (name.endsWith('.code-workspace')) return 'settings';
  return undefined;
}

function isDotenvName(lowerCaseName: string): boolean {
  return lowerCaseName === '.env' || lowerCaseName.startsWith('.env.') || (lowerCaseName.endsWith('.env') && lowerCaseName.length > 4);
}

/** The `.env` REST Client's `{{$dotenv …}}` reads for a `.http` file: in the file's folder. */
export function dotenvPathBeside(path: string): string {
  return posix.join(posix.dirname(path), '.env');
}

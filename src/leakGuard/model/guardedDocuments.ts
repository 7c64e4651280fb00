import type * as vscode from 'vscode';
import type { ScanFileKind } from '../../core/leaks/leakScan';
import type { DotenvIgnoreCache } from './dotenvIgnoreCache';
import type { LineLeak } from './lineLeaks';

/**
 * What the Quick Fixes (leakCodeActions.ts offers them, leakFixes.ts runs them) ask the Leak guard
 * (leakGuard.ts, which implements this) about the documents it watches.
 */
export interface GuardedDocuments {
  /** Whether git ignores, tracks or would commit a `.env` (asked once per path). */
  readonly ignore: DotenvIgnoreCache;
  /** The file kind the guard gives this document, undefined when it does not watch it. */
  fileKind(document: vscode.TextDocument): ScanFileKind | undefined;
  /** The leaks of a document as they are now (pending edits scanned first). */
  currentLeaks(document: vscode.TextDocument): readonly LineLeak[];
  /** The `.env` key the `.http` fix writes a token to (setting `konexus.httpFiles.dotenvKey`). */
  dotenvKey(): string;
  /** Asks git again about every `.env` (after a .gitignore changed, or the folder was trusted). */
  recheckIgnored(): Promise<void>;
}

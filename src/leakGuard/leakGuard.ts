/**
 * The Leak guard: a warning on every raw JWT and client secret in open `.http`/`.rest` files, settings, and
 * `.env` files that git would commit, each with a Quick Fix that moves the value where it belongs.
 *
 * Cheap on large files: a document is scanned once when it opens; after that, an edit costs the rescan of
 * the lines it touched (LineLeaks), run 300 ms after the last keystroke. A keystroke itself only records
 * which lines changed. Documents over 10 MB are skipped (logged once). Git is asked about a `.env` once
 * per path (DotenvIgnoreCache), never per keystroke. Owns every listener, timer and registration it makes.
 */
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { IgnoreCheck } from '../core/git/ignoreCheck';
import type { ScanFileKind } from '../core/leaks/leakScan';
import type { GitRunner } from '../core/git/gitRunner';
import { gitProblemText } from '../platform/model/words/gitWords';
import type { Services } from '../platform/services';
import { DotenvIgnoreCache, wouldBeCommitted } from './model/dotenvIgnoreCache';
import type { GuardedDocuments } from './model/guardedDocuments';
import { LeakCodeActions, LEAK_DOCUMENT_SELECTOR } from './leakCodeActions';
import { leakFileKind, MAX_SCANNED_LENGTH } from './model/leakFiles';
import { leakText } from './model/leakWords';
import { LeakFixes } from './leakFixes';
import { countLineBreaks, LineLeaks, type LineLeak } from './model/lineLeaks';

const LEAK_DIAGNOSTIC_SOURCE = 'Konexus';
const DEBOUNCE_MS = 300;
/** More changes than this in one event (a replace-all, a format): rescan the whole document instead. */
const MAX_TRACKED_CHANGES = 200;
/** A file with more leaks than this is a dump, not a config: the first ones are shown. */
const MAX_DIAGNOSTICS = 1000;

interface TrackedDocument {
  readonly document: vscode.TextDocument;
  readonly kind: ScanFileKind;
  readonly index: LineLeaks;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class LeakGuard implements GuardedDocuments, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('konexus-leaks');
  private readonly tracked = new Map<string, TrackedDocument>();
  private readonly tooLarge = new Set<string>();
  readonly ignore: DotenvIgnoreCache;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What the Quick Fixes do. */
  private readonly fixes: LeakFixes;

  constructor(private readonly services: Services, git: GitRunner) {
    this.fixes = new LeakFixes(services, this);
    this.ignore = new DotenvIgnoreCache(services.clock, git, uri => vscode.workspace.getWorkspaceFolder(uri)?.uri);
    const gitignoreWatcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
    this.subscriptions.push(
      this.diagnostics,
      vscode.languages.registerCodeActionsProvider(LEAK_DOCUMENT_SELECTOR, new LeakCodeActions(this), {
        providedCodeActionKinds: LeakCodeActions.providedCodeActionKinds,
      }),
      vscode.workspace.onDidOpenTextDocument(document => this.guard('open', () => this.track(document))),
      vscode.workspace.onDidChangeTextDocument(event => this.guard('change', () => this.onChange(event))),
      vscode.workspace.onDidCloseTextDocument(document => this.guard('close', () => this.forget(document.uri))),
      vscode.workspace.onDidSaveTextDocument(document => this.guard('save', () => this.onSave(document))),
      vscode.workspace.onDidChangeConfiguration(event => this.guard('configuration', () => {
        // The key is named in the messages about tokens in .http files: the same leaks, new words.
        if (event.affectsConfiguration('konexus.httpFiles.dotenvKey')) this.republishAll();
      })),
      gitignoreWatcher,
      gitignoreWatcher.onDidCreate(() => this.gitignoreChanged()),
      gitignoreWatcher.onDidChange(() => this.gitignoreChanged()),
      gitignoreWatcher.onDidDelete(() => this.gitignoreChanged()),
      // In Restricted Mode git was not asked (the .gitignore files answered): now it may be.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.guard('trust', () => void this.recheckIgnored())),
    );
    // The documents already open are scanned after activation, not inside it.
    const startup = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) this.guard('start', () => this.track(document));
    }, 0);
    this.subscriptions.push({ dispose: () => clearTimeout(startup) });
  }

  /** `konexus.leakGuard.fix`, run by the Quick Fixes (registered in the command table). Never rejects. */
  fix(arg?: unknown): Promise<unknown> {
    return this.fixes.run(arg);
  }

  /** The file kind the guard gives this document, undefined when it does not watch it. */
  fileKind(document: vscode.TextDocument): ScanFileKind | undefined {
    return leakFileKind({ scheme: document.uri.scheme, path: document.uri.path, languageId: document.languageId });
  }

  /**
   * The leaks of a document as they are now: pending edits are scanned first, so a Quick Fix never acts on
   * a range from before the last keystroke. Empty for a document the guard does not watch.
   */
  currentLeaks(document: vscode.TextDocument): readonly LineLeak[] {
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked) return [];
    if (tracked.index.hasDirtyLines) this.scan(tracked);
    return tracked.index.all();
  }

  /** The `.env` key the `.http` fix writes a token to (setting `konexus.httpFiles.dotenvKey`). */
  dotenvKey(): string {
    return this.services.settings().dotenvKey;
  }

  /** After a fix changed what git says about a `.env`: ask again and update the diagnostics of open .env files. */
  async recheckIgnored(): Promise<void> {
    this.ignore.clear();
    await Promise.all([...this.tracked.values()].filter(t => t.kind === 'dotenv').map(t => this.publishWhenKnown(t, true)));
  }

  private track(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const kind = this.fileKind(document);
    const previous = this.tracked.get(key);
    if (previous) this.forget(document.uri);
    if (!kind) return;
    const tracked: TrackedDocument = { document, kind, index: new LineLeaks(kind), timer: undefined };
    this.tracked.set(key, tracked);
    // Not inside the open event: other listeners run first, the scan right after.
    this.schedule(tracked, 0);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const tracked = this.tracked.get(key);
    if (tracked?.timer) clearTimeout(tracked.timer);
    this.tracked.delete(key);
    this.tooLarge.delete(key);
    this.diagnostics.delete(uri);
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const tracked = this.tracked.get(event.document.uri.toString());
    if (!tracked || event.contentChanges.length === 0) return;
    if (event.contentChanges.length > MAX_TRACKED_CHANGES) {
      tracked.index.invalidate();
    } else {
      // Applied in order, each against the text the previous one left: how VS Code reports them.
      for (const change of event.contentChanges) {
        tracked.index.applyChange({ startLine: change.range.start.line, endLine: change.range.end.line, insertedLineBreaks: countLineBreaks(change.text) });
      }
    }
    this.schedule(tracked, DEBOUNCE_MS);
  }

  private onSave(document: vscode.TextDocument): void {
    const tracked = this.tracked.get(document.uri.toString());
    // A save is when a .env may have become a file git sees: ask again if the answer is old.
    if (tracked?.kind === 'dotenv' && !this.ignore.isFresh(document.uri)) void this.publishWhenKnown(tracked, false);
  }

  private gitignoreChanged(): void {
    this.guard('gitignore', () => void this.recheckIgnored());
  }

  private republishAll(): void {
    for (const tracked of this.tracked.values()) this.schedule(tracked, 0);
  }

  private schedule(tracked: TrackedDocument, ms: number): void {
    if (tracked.timer) clearTimeout(tracked.timer);
    tracked.timer = setTimeout(() => this.guard('scan', () => {
      tracked.timer = undefined;
      if (this.tracked.get(tracked.document.uri.toString()) !== tracked) return;
      this.scan(tracked);
      this.publish(tracked);
    }), ms);
  }

  /** Brings the index up to date: the dirty lines, or the whole text after an open or an invalidation. */
  private scan(tracked: TrackedDocument): void {
    const { document, index } = tracked;
    const key = document.uri.toString();
    const length = document.offsetAt(new vscode.Position(document.lineCount, 0));
    if (length > MAX_SCANNED_LENGTH) {
      index.invalidate();
      if (!this.tooLarge.has(key)) {
        this.tooLarge.add(key);
        this.services.log.info(`[leakGuard] not scanning ${displayName(document.uri)}: ${(length / 1024 / 1024).toFixed(1)} MB is over the 10 MB limit`);
      }
      return;
    }
    this.tooLarge.delete(key);
    const started = performance.now();
    if (index.needsFullScan) {
      index.scanAll(document.getText());
      const ms = performance.now() - started;
      if (ms > 100) this.services.log.info(`[leakGuard] scanned ${displayName(document.uri)} (${(length / 1024).toFixed(0)} KB) in ${ms.toFixed(0)} ms`);
    } else {
      index.rescan({ lineCount: document.lineCount, lineAt: line => document.lineAt(line).text });
    }
  }

  private publish(tracked: TrackedDocument): void {
    const { document, kind, index } = tracked;
    if (this.tooLarge.has(document.uri.toString())) {
      this.diagnostics.delete(document.uri);
      return;
    }
    if (kind === 'dotenv') {
      const check = this.ignore.known(document.uri);
      if (!check || !this.ignore.isFresh(document.uri)) {
        void this.publishWhenKnown(tracked, false);
        if (!check) return;
      }
      if (!wouldBeCommitted(check)) {
        this.diagnostics.delete(document.uri);
        return;
      }
      this.diagnostics.set(document.uri, toDiagnostics(index.all(), kind, this.dotenvKey(), check));
      return;
    }
    this.diagnostics.set(document.uri, toDiagnostics(index.all(), kind, this.dotenvKey(), undefined));
  }

  /** Asks git about a .env (cached unless `force`), then publishes its diagnostics if it is still open. */
  private async publishWhenKnown(tracked: TrackedDocument, force: boolean): Promise<void> {
    try {
      const check = await this.ignore.check(tracked.document.uri, { force });
      if (this.tracked.get(tracked.document.uri.toString()) !== tracked) return;
      if (check?.status === 'unknown') this.services.log.warn(`[leakGuard] could not ask git about ${displayName(tracked.document.uri)}: ${check.problem ? gitProblemText(check.problem) : ''}`);
      if (!check || !wouldBeCommitted(check)) {
        this.diagnostics.delete(tracked.document.uri);
        return;
      }
      if (tracked.index.hasDirtyLines) this.scan(tracked);
      this.diagnostics.set(tracked.document.uri, toDiagnostics(tracked.index.all(), tracked.kind, this.dotenvKey(), check));
    } catch (error) {
      this.services.log.error('[leakGuard] the .env check failed', error);
    }
  }

  /** Listeners never throw into VS Code: a failure is logged (redacted) and the guard carries on. */
  private guard(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.services.log.error(`[leakGuard] ${what} failed`, error);
    }
  }

  dispose(): void {
    for (const tracked of this.tracked.values()) if (tracked.timer) clearTimeout(tracked.timer);
    this.tracked.clear();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}

function toDiagnostics(leaks: readonly LineLeak[], file: ScanFileKind, dotenvKey: string, check: IgnoreCheck | undefined): vscode.Diagnostic[] {
  const tracked = check?.status === 'tracked' ? ` ${vscode.l10n.t('Git already tracks this file, so ignoring it is not enough: also run `git rm --cached` on it.')}` : '';
  // A file holds few kinds of leak, often many of one: each message is made once per publish.
  const messages = new Map<string, string>();
  const message = (leak: LineLeak): string => {
    const key = `${leak.kind}/${leak.keyFormat ?? ''}`;
    let text = messages.get(key);
    if (text === undefined) messages.set(key, text = leakText(leak, file, dotenvKey) + tracked);
    return text;
  };
  return leaks.slice(0, MAX_DIAGNOSTICS).map(leak => {
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(leak.line, leak.start, leak.line, leak.end),
      message(leak),
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = LEAK_DIAGNOSTIC_SOURCE;
    diagnostic.code = leak.kind;
    return diagnostic;
  });
}

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : `${uri.scheme}:${posix.basename(uri.path)}`;
}

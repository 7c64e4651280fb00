/**
 * A CodeLens above each request whose Authorization header uses the token: the dotenv or fileVariable
 * reference (the setting's names), or a literal JWT of one of the profiles (its client id and issuer). It says which profile and how long the token has left;
 * a click refreshes it (or writes it where it is not kept yet). Each document is parsed once per version;
 * lenses are redrawn on token events, on changes to the kept files and when the shown minute changes.
 */
import * as vscode from 'vscode';
import type { TimerHandle } from '../core/clock';
import { authorizationUsesReference, parseHttpFile, requestBlocks, tokenReference, type HttpFileModel } from '../core/httpFile';
import { decodeJwt } from '../core/jwt';
import type { TokenState } from '../core/tokens/tokenState';
import { Command } from '../platform/model/commandIds';
import type { Services } from '../platform/services';
import type { DotenvWriteGate } from './dotenvTokenWriter';
import { dotenvBeside } from './httpDocuments';
import type { DotenvRisk } from './model/dotenvRisk';
import type { ManagedFiles } from './model/managedFiles';
import { literalTokenLens, literalTokenOwner, pausedDotenvLens, profileTokenLens, unmanagedLens, type LensView } from './model/tokenLensView';

interface ParsedDocument {
  readonly version: number;
  readonly model: HttpFileModel;
}

export class TokenCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly parsed = new Map<string, ParsedDocument>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(private readonly services: Services, private readonly managed: ManagedFiles, private readonly gate: DotenvWriteGate) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument(document => this.parsed.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (event.affectsConfiguration('konexus.httpFiles')) this.refresh();
      }),
    );
  }

  /** Asks VS Code to ask again (token events, kept files changed, the minute turned). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, cancel: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const settings = this.services.settings();
      if (!settings.codeLens) return [];
      const requests = requestBlocks(this.model(document)).filter(block => block.request.authorization);
      if (requests.length === 0) return [];

      const dotenvRef = tokenReference('dotenv', settings) ?? '';
      const variableRef = tokenReference('fileVariable', settings) ?? '';
      const envUri = dotenvBeside(document.uri);
      // Kept under the names the settings give now (a renamed key is not what the kept file holds).
      const dotenvEntry = envUri ? this.managed.dotenv(envUri.toString()) : undefined;
      const keptDotenv = dotenvEntry?.key === settings.dotenvKey ? dotenvEntry : undefined;
      // Kept, but new tokens do not reach it (Restricted Mode, a link leading outside: the gate says why);
      // asked once per call, and only when a request uses the `.env`.
      let paused: Promise<readonly DotenvRisk[] | undefined> | undefined;
      const pausedReasons = () => (paused ??= keptDotenv && envUri ? this.gate.pausedReasons(envUri) : Promise.resolve(undefined));
      const restricted = !this.gate.isTrusted();
      const variableEntry = this.managed.variableDocument(document.uri.toString());
      const keptVariable = variableEntry?.name === settings.fileVariableName ? variableEntry : undefined;
      const active = this.services.tokens.activeProfile()?.name;
      const now = this.services.clock.now();
      const states = new Map<string, Promise<TokenState | undefined>>();
      const stateOf = (profile: string) => {
        let state = states.get(profile);
        if (!state) {
          // Restores a stored token and schedules its refresh; no request unless one is due.
          state = this.services.tokens.profile(profile) ? this.services.tokens.warm(profile) : Promise.resolve(undefined);
          states.set(profile, state);
        }
        return state;
      };
      const profileLens = async (profile: string | undefined) => profileTokenLens(
        profile !== undefined && this.services.tokens.profile(profile) ? profile : undefined,
        profile === undefined ? undefined : await stateOf(profile),
        now,
      );

      const lenses: vscode.CodeLens[] = [];
      let nextChangeAt = Infinity;
      for (const block of requests) {
        const request = block.request;
        let view: LensView | undefined;
        if (authorizationUsesReference(request, dotenvRef)) {
          const reasons = keptDotenv ? await pausedReasons() : undefined;
          view = keptDotenv
            ? reasons ? pausedDotenvLens(keptDotenv.profile ?? active, reasons) : await profileLens(keptDotenv.profile ?? active)
            : envUri ? unmanagedLens('dotenv', active, { restricted }) : undefined;
        } else if (authorizationUsesReference(request, variableRef)) {
          view = keptVariable ? await profileLens(keptVariable.profile ?? active) : unmanagedLens('fileVariable', active);
        } else {
          // Only a token of one of the profiles (client id and issuer): someone else's token is none of our business.
          const literal = decodeJwt(request.authorization?.value ?? '');
          const owner = literal.ok ? literalTokenOwner(literal.token.claims, this.services.tokens.profiles(), active) : undefined;
          if (literal.ok && owner) view = literalTokenLens(owner.name, typeof literal.token.claims.exp === 'number' ? literal.token.claims.exp : undefined, now);
        }
        if (!view || cancel.isCancellationRequested) continue;
        nextChangeAt = Math.min(nextChangeAt, view.nextChangeAt ?? Infinity);
        const range = new vscode.Range(document.positionAt(request.requestLine.start), document.positionAt(request.requestLine.end));
        lenses.push(new vscode.CodeLens(range, this.command(view, document, request.requestLine.line)));
      }
      this.scheduleRedraw(nextChangeAt, now);
      return lenses;
    } catch (error) {
      this.services.log.error('[codeLens] could not compute lenses', error);
      return [];
    }
  }

  dispose(): void {
    this.clearTimer();
    this.parsed.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The parsed document, from the cache while its version is unchanged. */
  private model(document: vscode.TextDocument): HttpFileModel {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.model;
    const model = parseHttpFile(document.getText());
    this.parsed.set(key, { version: document.version, model });
    return model;
  }

  private command(view: LensView, document: vscode.TextDocument, line: number): vscode.Command {
    const base = { title: view.title, tooltip: view.tooltip };
    switch (view.action.kind) {
      case 'refresh':
        // A string argument (not an object) makes the command confirm in the status bar.
        return { ...base, command: Command.refreshToken, arguments: [view.action.profile] };
      case 'addProfile':
        return { ...base, command: Command.addProfile };
      case 'insert':
        return { ...base, command: Command.insertBearerHeader, arguments: [{ style: view.action.style, uri: document.uri.toString(), line }] };
    }
  }

  /** One timer for every document: redraw all when the first shown minute changes (each then reschedules). */
  private scheduleRedraw(at: number, now: number): void {
    if (!Number.isFinite(at) || at >= this.timerAt) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.services.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.refresh();
    }, Math.max(1_000, at - now));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.services.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

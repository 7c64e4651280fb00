import * as vscode from 'vscode';
import { decodeJwt, findJwtAt } from '../core/jwt';
import type { DecodedJwt, JwtDecodeError } from '../core/jwt';
import type { Services } from '../services';
import type { InspectorContent, TokenOrigin } from './inspectionModel';
import { InspectorTree } from './inspectorTree';
import { JwtHoverProvider, MAX_HOVER_LINE_LENGTH } from './jwtHoverProvider';
import { ReportCache } from './reportCache';
import { inspectResult, tokenArgument, tokenInSelection } from './tokenText';
import type { InspectResult } from './tokenText';
import { describePlan, planForProfile, planKeys, verifyForInspection } from './verification';
import type { KeyPlan } from './verification';

/**
 * The token inspector: the `konexus.tokenInspector` tree, the JWT hover, and the commands behind them
 * (inspectToken, inspectCurrentToken, copyValue). Decoding is shown at once; verification follows and
 * fills in the Validation node. Keys are fetched only for issuers that are a profile's authority
 * (verification.ts). The raw token is never logged nor shown; only the Raw token node copies it.
 */
export class InspectorFeature implements vscode.Disposable {
  private readonly reports = new ReportCache();
  private readonly tree: InspectorTree;
  private readonly hover: JwtHoverProvider;
  /** Bumped by every inspection: a slower, older verification must not overwrite a newer one. */
  private generation = 0;

  constructor(private readonly services: Services) {
    this.tree = new InspectorTree(services.clock);
    this.hover = new JwtHoverProvider(services, this.reports);
  }

  /**
   * `konexus.inspectToken`: `{token}` (or the token text) inspects that; without one, the editor selection,
   * else the JWT at the cursor, else the clipboard if it holds a JWT, else an input box. Resolves once the
   * verification is done, with a plain summary; undefined if the user cancelled the input box.
   */
  async inspectToken(arg?: unknown): Promise<InspectResult | undefined> {
    const given = tokenArgument(arg);
    const picked = given !== undefined ? { text: given, origin: 'argument' as const } : await this.pickToken();
    if (!picked) return undefined;
    const decoded = decodeJwt(picked.text);
    if (!decoded.ok) {
      this.showMalformed(decoded, picked.origin);
      void vscode.window.showWarningMessage(vscode.l10n.t('Konexus: not a valid JWT. {0}', decoded.message));
      return inspectResult({ kind: 'malformed', error: decoded, origin: picked.origin }, this.services.clock.now());
    }
    const profiles = this.services.tokens.profiles();
    const plan = planKeys(decoded.token.claims['iss'], profiles, this.services.tokens.activeProfile()?.name);
    return this.inspect(decoded.token, picked.origin, plan);
  }

  /** `konexus.inspectCurrentToken` {profile}: the profile's (default: active) current token, fetched if needed. */
  async inspectCurrentToken(arg?: unknown): Promise<InspectResult | undefined> {
    const name = profileName(arg);
    const profile = name === undefined ? this.services.tokens.activeProfile() : this.services.tokens.profile(name);
    // getToken throws the right words for a missing or unknown profile; the command guard shows them.
    const issued = await this.services.tokens.getToken(profile?.name ?? name);
    const decoded = decodeJwt(issued.accessToken);
    if (!decoded.ok) {
      this.showMalformed(decoded, 'profile');
      void vscode.window.showWarningMessage(vscode.l10n.t("Konexus: the server's access token is not a JWT. {0}", decoded.message));
      return inspectResult({ kind: 'malformed', error: decoded, origin: 'profile' }, this.services.clock.now());
    }
    const owner = profile ?? this.services.tokens.activeProfile();
    const plan = owner ? planForProfile(owner) : planKeys(decoded.token.claims['iss'], this.services.tokens.profiles());
    return this.inspect(decoded.token, 'profile', plan);
  }

  /**
   * `konexus.copyValue`: the tree passes the clicked node; a programmatic caller may pass `{ id }` of a node
   * of the current inspection. Returns whether something was copied.
   */
  async copyValue(arg?: unknown): Promise<boolean> {
    const id = typeof arg === 'object' && arg !== null ? (arg as { id?: unknown }).id : undefined;
    const node = typeof id === 'string' ? this.tree.node(id) : undefined;
    const value = node?.value;
    if (value === undefined) {
      void vscode.window.setStatusBarMessage(`$(info) ${vscode.l10n.t('Konexus: nothing to copy')}`, 3000);
      return false;
    }
    await vscode.env.clipboard.writeText(value);
    const label = node?.label;
    const copied = node?.id === 'raw' ? vscode.l10n.t('Konexus: access token copied')
      : label === undefined || label.length > 40 ? vscode.l10n.t('Konexus: value copied') : vscode.l10n.t('Konexus: {0} copied', label);
    void vscode.window.setStatusBarMessage(`$(copy) ${copied}`, 3000);
    return true;
  }

  dispose(): void {
    this.generation++;
    this.hover.dispose();
    this.tree.dispose();
    this.reports.clear();
  }

  /** Shows the decoded token at once, verifies, shows the report, and returns the summary. */
  private async inspect(token: DecodedJwt, origin: TokenOrigin, plan: KeyPlan): Promise<InspectResult> {
    const generation = ++this.generation;
    const keys = describePlan(plan);
    const pending: InspectorContent = { kind: 'token', token, origin, keys };
    this.tree.show(pending);
    void this.tree.reveal().catch(error => this.services.log.warn(`[inspectToken] could not reveal the view: ${String(error)}`));
    this.services.log.info(`[inspectToken] ${origin}: ${token.alg}${token.kid ? ` kid ${token.kid.slice(0, 8)}…` : ''} …${token.raw.slice(-6)}; keys: ${keys}`);

    const report = await verifyForInspection(token.raw, plan, {
      discover: authority => this.services.discovery.get(authority),
      jwks: this.services.jwks,
      nowMs: this.services.clock.now(),
      clockToleranceSeconds: this.services.settings().clockToleranceSeconds,
    });
    this.reports.set(token.raw, { report, keys });
    const failed = report.checks.filter(c => c.status === 'fail').map(c => c.id);
    this.services.log.info(`[inspectToken] …${token.raw.slice(-6)}: ${report.valid ? 'valid' : failed.length ? `failed: ${failed.join(', ')}` : 'signature not checked'}`);

    const done: InspectorContent = { ...pending, report, verifiedAtMs: this.services.clock.now() };
    if (generation === this.generation) this.tree.show(done);
    return inspectResult(done, this.services.clock.now());
  }

  private showMalformed(error: JwtDecodeError, origin: TokenOrigin): void {
    this.generation++;
    this.tree.show({ kind: 'malformed', error, origin });
    void this.tree.reveal().catch(() => undefined);
    this.services.log.info(`[inspectToken] ${origin}: not a JWT (${error.code})`);
  }

  /** The selection, the JWT at the cursor, a JWT on the clipboard, or what the user pastes. */
  private async pickToken(): Promise<{ text: string; origin: TokenOrigin } | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const { selection, document } = editor;
      if (!selection.isEmpty) {
        const text = document.getText(selection);
        if (text.trim()) return { text: tokenInSelection(text), origin: 'selection' };
      }
      const line = document.lineAt(selection.active.line);
      if (line.text.length <= MAX_HOVER_LINE_LENGTH) {
        const found = findJwtAt(line.text, selection.active.character);
        if (found) return { text: found.token, origin: 'cursor' };
      }
    }
    const clipboard = await readClipboard();
    if (clipboard !== undefined && decodeJwt(clipboard).ok) return { text: clipboard, origin: 'clipboard' };
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Konexus: Inspect Token'),
      prompt: vscode.l10n.t('Paste a JWT (an access token, an ID token…). It is decoded here and verified only against your profiles\' issuers.'),
      placeHolder: 'eyJhbGciOi…',
      ignoreFocusOut: true,
      validateInput: value => {
        if (!value.trim()) return undefined;
        const decoded = decodeJwt(value);
        return decoded.ok ? undefined : decoded.message;
      },
    });
    if (typed === undefined || !typed.trim()) return undefined;
    return { text: typed, origin: 'input' };
  }
}

function profileName(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const name = (arg as { profile?: unknown; name?: unknown }).profile ?? (arg as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/** The clipboard's text, or undefined when it cannot be read (a browser may refuse) within a second. */
async function readClipboard(): Promise<string | undefined> {
  try {
    const text = await Promise.race([
      Promise.resolve(vscode.env.clipboard.readText()),
      new Promise<undefined>(resolve => setTimeout(() => resolve(undefined), 1000)),
    ]);
    return typeof text === 'string' && text.length <= 64 * 1024 ? text : undefined;
  } catch {
    return undefined;
  }
}

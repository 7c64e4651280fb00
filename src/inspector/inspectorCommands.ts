import * as vscode from 'vscode';
import { decodeJwt, findJwtAt } from '../core/jwt';
import type { DecodedJwt, JwtDecodeError } from '../core/jwt';
import { JwksCache } from '../core/jwt/jwks';
import { jwtLabel } from '../core/redact';
import { decodeErrorText } from '../platform/model/words/decodeWords';
import type { Services } from '../platform/services';
import type { ConfirmedIssuers } from './model/confirmedIssuers';
import { inspectResult } from './model/inspectionNodes';
import type { InspectorContent, TokenOrigin } from './model/inspectionModel';
import type { InspectorTree } from './inspectorTree';
import { MAX_HOVER_LINE_LENGTH } from './jwtHoverProvider';
import type { ReportCache } from './model/reportCache';
import { tokenArgument, tokenInSelection } from './model/inspectCommandIo';
import type { InspectResult } from './model/inspectCommandIo';
import { describePlan, normalizeIssuer, planForProfile, planKeys, verifyForInspection, type KeyPlan } from './model/verification';
import { errorText } from '../platform/model/words/errorWords';

/**
 * The token inspector's commands (inspectToken, inspectCurrentToken, trustIssuer, forgetTrustedIssuers,
 * copyValue): InspectorFeature makes the one instance, with the tree view and the hover's report cache it
 * owns. Decoding is shown at once; verification
 * follows and fills in the Validation node. Keys are fetched only for issuers that are a profile's
 * authority (verification.ts). The raw token is never logged nor shown; only the Raw token node copies it.
 */
/** How long a key set fetch may take. */
const KEY_FETCH_TIMEOUT_MS = 10_000;

export class InspectorCommands {
  /** Bumped by every inspection: a slower, older verification must not overwrite a newer one. */
  private generation = 0;
  /** The token shown now (for "Trust this issuer and verify…", which verifies it again). */
  private shown: { readonly token: DecodedJwt; readonly origin: TokenOrigin } | undefined;
  /** The issuers' key sets, made by the first verification and kept: one request per key set, not per token. */
  private jwks: JwksCache | undefined;

  constructor(
    private readonly services: Services,
    private readonly confirmedIssuers: ConfirmedIssuers,
    private readonly tree: InspectorTree,
    private readonly reports: ReportCache,
  ) {}

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
      void vscode.window.showWarningMessage(vscode.l10n.t('Konexus: not a valid JWT. {0}', decodeErrorText(decoded)));
      return inspectResult({ kind: 'malformed', error: decoded, origin: picked.origin }, this.services.clock.now());
    }
    return this.inspect(decoded.token, picked.origin, this.planFor(decoded.token));
  }

  /**
   * `konexus.trustIssuer` {issuer, token?}: after the user confirms in a modal dialog (once: the answer is
   * kept in globalState), keys are fetched for tokens from this issuer although no profile names it; then
   * the given token, or the one shown, is verified again. A refused or dismissed dialog confirms nothing.
   */
  async trustIssuer(arg?: unknown): Promise<{ readonly trusted: boolean; readonly result?: InspectResult }> {
    const named = typeof arg === 'object' && arg !== null ? (arg as { issuer?: unknown }).issuer : arg;
    const issuer = normalizeIssuer(named);
    if (issuer === undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Konexus: that issuer cannot be trusted: keys are fetched only from an https issuer (or localhost during development).'));
      return { trusted: false };
    }
    if (!this.confirmedIssuers.has(issuer)) {
      if (!(await this.askToConfirm(issuer))) {
        this.services.log.info(`[trustIssuer] ${issuer}: not trusted (the confirmation was declined or could not be shown)`);
        return { trusted: false };
      }
      await this.confirmedIssuers.add(issuer);
      this.services.log.info(`[trustIssuer] ${issuer}: trusted for key fetches`);
    }
    const given = tokenArgument(arg);
    const target = given !== undefined ? decodeJwt(given) : undefined;
    if (target && target.ok) return { trusted: true, result: await this.inspect(target.token, 'argument', this.planFor(target.token)) };
    const shown = this.shown;
    if (shown && normalizeIssuer(shown.token.claims['iss']) === issuer) {
      return { trusted: true, result: await this.inspect(shown.token, shown.origin, this.planFor(shown.token)) };
    }
    return { trusted: true };
  }

  /** `konexus.forgetTrustedIssuers` {issuers?, all?}: without an argument, the user picks which to forget. */
  async forgetTrustedIssuers(arg?: unknown): Promise<number> {
    const confirmed = this.confirmedIssuers.list();
    const given = typeof arg === 'object' && arg !== null ? arg as { issuers?: unknown; all?: unknown } : {};
    let chosen: string[] | undefined;
    if (given.all === true) chosen = confirmed;
    else if (Array.isArray(given.issuers)) chosen = given.issuers.filter((i): i is string => typeof i === 'string');
    else {
      if (!confirmed.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t("Konexus: you have not trusted any token issuer. Tokens are verified against your profiles' issuers only."));
        return 0;
      }
      const picked = await vscode.window.showQuickPick(confirmed.map(issuer => ({ label: issuer, picked: true })), {
        title: vscode.l10n.t('Konexus: Forget Trusted Token Issuers'),
        placeHolder: vscode.l10n.t('Issuers whose keys are fetched although no profile names them: the checked ones are forgotten'),
        canPickMany: true,
        ignoreFocusOut: true,
      });
      if (!picked) return 0;
      chosen = picked.map(p => p.label);
    }
    const forgotten = await this.confirmedIssuers.forget(chosen);
    this.services.log.info(`[forgetTrustedIssuers] forgot ${forgotten} issuer(s)`);
    const done = forgotten === 1 ? vscode.l10n.t('Konexus: 1 trusted issuer forgotten') : vscode.l10n.t('Konexus: {0} trusted issuers forgotten', forgotten);
    void vscode.window.setStatusBarMessage(`$(check) ${done}`, 3000);
    return forgotten;
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
      void vscode.window.showWarningMessage(vscode.l10n.t("Konexus: the server's access token is not a JWT. {0}", decodeErrorText(decoded)));
      return inspectResult({ kind: 'malformed', error: decoded, origin: 'profile' }, this.services.clock.now());
    }
    const owner = profile ?? this.services.tokens.activeProfile();
    return this.inspect(decoded.token, 'profile', owner ? planForProfile(owner) : this.planFor(decoded.token));
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

  /** No verification still running may show its report any more (the feature is being disposed). */
  dispose(): void {
    this.generation++;
  }

  /** Shows the decoded token at once, verifies, shows the report, and returns the summary. */
  private async inspect(token: DecodedJwt, origin: TokenOrigin, plan: KeyPlan): Promise<InspectResult> {
    const generation = ++this.generation;
    this.shown = { token, origin };
    const keys = describePlan(plan);
    const confirmable = plan.kind === 'none' ? plan.confirmable : undefined;
    const pending: InspectorContent = { kind: 'token', token, origin, keys, ...(confirmable !== undefined && { confirmableIssuer: confirmable }) };
    this.tree.show(pending);
    void this.tree.reveal().catch(error => this.services.log.warn(`[inspectToken] could not reveal the view: ${String(error)}`));
    this.services.log.info(`[inspectToken] ${origin}: ${jwtLabel(token.alg, token.kid, token.raw)}; keys: ${keys}`);

    this.jwks ??= new JwksCache({ fetch: this.services.http.fetch, timeoutMs: KEY_FETCH_TIMEOUT_MS });
    const report = await verifyForInspection(token.raw, plan, {
      discover: authority => this.services.discovery.get(authority),
      jwks: this.jwks,
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

  /** Which keys verify this token: a profile's, an issuer the user confirmed, or none (see verification.ts). */
  private planFor(token: DecodedJwt): KeyPlan {
    const { tokens } = this.services;
    return planKeys(token.claims['iss'], tokens.profiles(), tokens.activeProfile()?.name, this.confirmedIssuers.list());
  }

  /** The modal confirmation; false when declined, dismissed, or refused by the workbench (test mode refuses dialogs). */
  private async askToConfirm(issuer: string): Promise<boolean> {
    const confirm = vscode.l10n.t('Trust and Verify');
    try {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Trust {0} to sign tokens?', issuer),
        {
          modal: true,
          detail: vscode.l10n.t('No Konexus profile uses this issuer. To check the signature, Konexus will fetch {0} and the key set it names, now and for later tokens from this issuer. No credentials are sent. Continue only if you know this server. You can undo this with "Konexus: Forget Trusted Token Issuers".', `${issuer}/.well-known/openid-configuration`),
        },
        confirm,
      );
      return choice === confirm;
    } catch (error) {
      this.services.log.warn(`[trustIssuer] the confirmation could not be shown: ${errorText(error)}`);
      return false;
    }
  }

  private showMalformed(error: JwtDecodeError, origin: TokenOrigin): void {
    this.shown = undefined;
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
        return decoded.ok ? undefined : decodeErrorText(decoded);
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

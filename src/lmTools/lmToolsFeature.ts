/**
 * Tools for agents in VS Code's chat (`vscode.lm.registerTool`, `contributes.languageModelTools`): the model
 * gets facts about profiles and tokens, and API responses, never a token or a secret. The language model API
 * is stable from VS Code 1.95 on, after this extension's `engines.vscode`: it is detected (the version, since
 * 1.93's proposal has the function but refuses the tools) and typed here (LmApi); an older VS Code has no tools.
 */
import * as vscode from 'vscode';
import { sendApiRequest } from './model/apiRequest';
import { decodeJwt } from '../core/jwt';
import { KonexusError } from '../core/errors';
import { isProduction } from '../core/tokens/production';
import {
  hasStableToolApi, profileFacts, requestConfirmations, requestMethod, requestUrl, tokenStatusFacts,
} from './model/toolResults';
import type { Services } from '../platform/services';
import { inspectJwtFacts } from './model/inspectJwtFacts';
import { errorText } from '../platform/model/words/errorWords';

interface ToolOptions { readonly input: unknown }
interface PreparedInvocation {
  readonly invocationMessage?: string;
  readonly confirmationMessages?: { readonly title: string; readonly message: string };
}
/** The part of vscode.LanguageModelTool this extension implements. */
export interface KonexusTool {
  invoke(options: ToolOptions, cancel: vscode.CancellationToken): Promise<unknown>;
  prepareInvocation?(options: ToolOptions, cancel: vscode.CancellationToken): Promise<PreparedInvocation | undefined>;
}
/** The members of the `vscode` namespace from 1.95 on that the tools need. */
interface LmApi {
  readonly lm?: { registerTool?(name: string, tool: KonexusTool): vscode.Disposable };
  readonly LanguageModelToolResult?: new (parts: unknown[]) => unknown;
  readonly LanguageModelTextPart?: new (value: string) => unknown;
}

const TOOL_NAMES = ['konexus_tokenStatus', 'konexus_listProfiles', 'konexus_inspectJwt', 'konexus_request'] as const;
type ToolName = (typeof TOOL_NAMES)[number];

export class LmToolsFeature implements vscode.Disposable {
  /** The tools as registered, for the integration tests (prepareInvocation has no other way in without a chat). */
  readonly tools: Readonly<Record<ToolName, KonexusTool>>;
  private readonly registrations: vscode.Disposable[] = [];

  /** How many tools are registered with VS Code: all four from VS Code 1.95 on, none before. */
  get registered(): number {
    return this.registrations.length;
  }

  constructor(private readonly services: Services) {
    this.tools = {
      konexus_tokenStatus: { invoke: options => this.result(this.tokenStatus(options.input)) },
      konexus_listProfiles: { invoke: async () => this.result(profileFacts(services.tokens.profiles(), services.tokens.activeProfile()?.name)) },
      konexus_inspectJwt: {
        invoke: async options => this.result(Promise.resolve().then(() => inspectJwtFacts(field(options.input, 'token'), services.clock.now(), services.redactor))),
      },
      konexus_request: {
        prepareInvocation: async options => this.prepareRequest(options.input),
        invoke: (options, cancel) => this.result(this.request(options.input, cancel)),
      },
    };
    const api = vscode as unknown as LmApi;
    if (typeof api.lm?.registerTool !== 'function' || !hasStableToolApi(vscode.version)) return;
    for (const name of TOOL_NAMES) this.registrations.push(api.lm.registerTool(name, this.tools[name]));
  }

  private async tokenStatus(input: unknown) {
    const tokens = this.services.tokens;
    const name = field(input, 'profile');
    const profile = typeof name === 'string' && name ? tokens.profile(name) : tokens.activeProfile();
    const state = profile ? await tokens.tokenState(profile.name) : undefined;
    const decoded = state?.token ? decodeJwt(state.token.accessToken) : undefined;
    return tokenStatusFacts(profile, state, decoded?.ok ? decoded.token.claims : undefined, this.services.clock.now(), this.services.redactor);
  }

  private async prepareRequest(input: unknown): Promise<PreparedInvocation> {
    const profile = this.services.tokens.activeProfile();
    const method = requestMethod(field(input, 'method'));
    const url = String(field(input, 'url') ?? '');
    const production = profile ? isProduction(profile) : false;
    const invocationMessage = vscode.l10n.t('Calling {0} {1} with Konexus profile "{2}"', method, url, profile?.name ?? '');
    if (!requestConfirmations(method, production).chat) return { invocationMessage };
    return {
      invocationMessage,
      confirmationMessages: {
        title: production ? vscode.l10n.t('Call the production Konexus API?') : vscode.l10n.t('Send a {0} request to the Konexus API?', method),
        message: vscode.l10n.t('{0} {1} with the token of profile "{2}" ({3}).', method, url, profile?.name ?? '', profile?.authority ?? ''),
      },
    };
  }

  private async request(input: unknown, cancel: vscode.CancellationToken) {
    const tokens = this.services.tokens;
    const profile = tokens.activeProfile();
    if (!profile) throw new KonexusError('unknown_profile', { area: 'token', kind: 'noProfile' });
    const method = requestMethod(field(input, 'method'));
    const url = requestUrl(field(input, 'url'), profile);
    const body = field(input, 'body');
    if (requestConfirmations(method, isProduction(profile)).modal) {
      const send = vscode.l10n.t('Send');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('A chat tool wants to call the production Konexus API.'),
        { modal: true, detail: vscode.l10n.t('{0} {1} with the token of profile "{2}".', method, url.href, profile.name) },
        send,
      );
      if (answer !== send) return { cancelled: true, message: vscode.l10n.t('The user declined the request.') };
    }
    const abort = new AbortController();
    const listener = cancel.onCancellationRequested(() => abort.abort());
    try {
      return await sendApiRequest({ method, url, ...(typeof body === 'string' && { body }) }, {
        fetch: this.services.http.fetch,
        timeoutMs: this.services.http.timeoutMs,
        redactor: this.services.redactor,
        token: async force => (await tokens.getToken(profile.name, { force })).accessToken,
      }, abort.signal);
    } finally {
      listener.dispose();
    }
  }

  /** A tool result with one JSON text part; errors become a redacted `error` fact the model can read. */
  private async result(facts: unknown): Promise<unknown> {
    let value: unknown;
    try {
      value = await facts;
    } catch (error) {
      value = { error: this.services.redactor.redact(errorText(error)) };
    }
    const api = vscode as unknown as LmApi;
    const text = JSON.stringify(value, undefined, 1);
    if (!api.LanguageModelToolResult || !api.LanguageModelTextPart) return { content: [{ value: text }] };
    return new api.LanguageModelToolResult([new api.LanguageModelTextPart(text)]);
  }

  dispose(): void {
    for (const registration of this.registrations.splice(0)) registration.dispose();
  }
}

function field(input: unknown, name: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

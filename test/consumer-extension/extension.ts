/**
 * A second extension, of another publisher, for the host suites (built by scripts/build.mjs to
 * out/consumer-extension/ beside a copy of package.json). It does what any other extension can: asks VS Code's
 * authentication service for a `konexus` session and reads the Konexus extension's `exports`. Its commands
 * return plain summaries: never a token, only a digest to tell two tokens apart.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const KONEXUS_ID = 'konexus-devtools.konexus-vscode';
const PROVIDER = 'konexus';

export interface SessionSummary {
  readonly session: boolean;
  readonly id?: string;
  readonly accountId?: string;
  readonly accountLabel?: string;
  readonly scopes?: readonly string[];
  readonly tokenReceived?: boolean;
  /** The first 16 hex digits of the token's SHA-256: equal tokens, equal digests. */
  readonly tokenDigest?: string;
  readonly error?: string;
}

function summary(session: vscode.AuthenticationSession | undefined): SessionSummary {
  if (!session) return { session: false };
  return {
    session: true,
    id: session.id,
    accountId: session.account.id,
    accountLabel: session.account.label,
    scopes: [...session.scopes],
    tokenReceived: session.accessToken.length > 0,
    tokenDigest: createHash('sha256').update(session.accessToken).digest('hex').slice(0, 16),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const events: { added: string[]; removed: string[]; changed: string[] }[] = [];
  context.subscriptions.push(
    vscode.authentication.onDidChangeSessions(e => {
      if (e.provider.id === PROVIDER) events.push({ added: [], removed: [], changed: [] });
    }),
    vscode.commands.registerCommand('konexus-consumer.getSession', async (scopes: string[], options?: vscode.AuthenticationGetSessionOptions & { accountLabel?: string }) => {
      try {
        const { accountLabel, ...rest } = options ?? {};
        let account: vscode.AuthenticationSessionAccountInformation | undefined;
        if (accountLabel !== undefined) {
          account = (await vscode.authentication.getAccounts(PROVIDER)).find(a => a.label === accountLabel);
          if (!account) return { session: false, error: `no account labelled ${accountLabel}` } satisfies SessionSummary;
        }
        return summary(await vscode.authentication.getSession(PROVIDER, scopes, { ...rest, ...(account ? { account } : {}) }));
      } catch (error) {
        return { session: false, error: error instanceof Error ? error.message : String(error) } satisfies SessionSummary;
      }
    }),
    vscode.commands.registerCommand('konexus-consumer.getAccounts', async () =>
      (await vscode.authentication.getAccounts(PROVIDER)).map(a => ({ id: a.id, label: a.label }))),
    vscode.commands.registerCommand('konexus-consumer.probeExports', async () => {
      const konexus = vscode.extensions.getExtension(KONEXUS_ID);
      if (!konexus) return { found: false };
      const returned: unknown = await konexus.activate();
      const exported: unknown = konexus.exports;
      return { found: true, active: konexus.isActive, activateReturned: typeof returned, exportsType: typeof exported, exportsUndefined: exported === undefined };
    }),
    vscode.commands.registerCommand('konexus-consumer.sessionEvents', () => events.length),
    // For the UI suite, which runs them from the palette as a person would and reads the notification.
    vscode.commands.registerCommand('konexus-consumer.ui.silent', () => show('silent', () => vscode.authentication.getSession(PROVIDER, ['tamarack'], { silent: true }))),
    vscode.commands.registerCommand('konexus-consumer.ui.ask', () => show('ask', () => vscode.authentication.getSession(PROVIDER, ['tamarack'], { createIfNone: true }))),
    vscode.commands.registerCommand('konexus-consumer.ui.force', () => show('force', () => vscode.authentication.getSession(PROVIDER, ['tamarack'], { forceNewSession: { detail: 'The Konexus API refused the token (401).' } }))),
    vscode.commands.registerCommand('konexus-consumer.ui.demoAccount', () => show('demo account', async () => {
      const account = (await vscode.authentication.getAccounts(PROVIDER)).find(a => a.label.startsWith('demo '));
      return account ? vscode.authentication.getSession(PROVIDER, ['tamarack'], { silent: true, account }) : undefined;
    })),
    vscode.commands.registerCommand('konexus-consumer.ui.addProfile', () => addProfiles(1, 1)),
    vscode.commands.registerCommand('konexus-consumer.ui.addProfiles', () => addProfiles(2, 4)),
  );
}

/** Profiles consumer-<from>…consumer-<to> of the harness's demo client, each made active in turn. */
async function addProfiles(from: number, to: number): Promise<void> {
      const env = process.env;
      for (let i = from; i <= to; i++) {
        await vscode.commands.executeCommand('konexus.addProfile', {
          name: `consumer-${i}`, authority: env.KONEXUS_TEST_IDP_ISSUER, clientId: env.KONEXUS_TEST_IDP_CLIENT_ID, clientSecret: env.KONEXUS_TEST_IDP_CLIENT_SECRET,
        });
      }
      report(`[consumer] profiles: ${(await vscode.authentication.getAccounts(PROVIDER)).length} accounts`);
}

/** Runs one getSession call and shows its outcome in a notification the UI suite reads. */
async function show(what: string, call: () => Thenable<vscode.AuthenticationSession | undefined>): Promise<void> {
  let text: string;
  try {
    const s = summary(await call());
    text = s.session ? `session ${s.accountLabel} #${s.tokenDigest?.slice(0, 8)}` : 'no session';
  } catch (error) {
    text = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  report(`[consumer] ${what}: ${text}`);
}

/**
 * Shows an outcome, and appends it to `.konexus-consumer.log` in the workspace folder: the UI suite reads
 * that file, since the workbench may hold toasts back.
 */
function report(line: string): void {
  void vscode.window.showInformationMessage(line);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') appendFileSync(join(folder.uri.fsPath, '.konexus-consumer.log'), `${line}\n`);
}

export function deactivate(): void {}

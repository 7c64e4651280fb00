/**
 * A second extension, of another publisher, for the host suites (built by scripts/build.mjs to
 * out/consumer-extension/ beside a copy of package.json). It does what any other extension can: asks VS Code's
 * authentication service for a `konexus` session and reads the Konexus extension's `exports`. Its commands
 * return plain summaries: never a token, only a digest to tell two tokens apart.
 */
import { createHash } from 'node:crypto';
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
  );
}

export function deactivate(): void {}

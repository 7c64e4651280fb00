import type * as vscode from 'vscode';
import type { Services } from '../platform/services';
import type { HttpFilesFeature } from '../httpFiles/httpFilesFeature';
import type { InspectorFeature } from '../inspector/inspectorFeature';
import type { LeakGuard } from '../leakGuard/leakGuard';
import { addProfile, markProduction, removeProfile, selectProfile, signOut, updateSecret } from '../tokens/profileCommands';
import { reviewStoredSecrets } from '../tokens/storedSecretsCommand';
import { rotateKey, showPublicKey } from '../tokens/clientKeyCommands';
import { statusBarMenu } from '../tokens/statusBar';
import type { ProductionGate } from '../tokens/productionGate';
import { copyAuthorizationHeader, copyCurl, copyToken, refreshToken, showLog } from '../tokens/tokenCommands';
import { Command, type CommandHandler, type CommandId } from '../platform/model/commandIds';

/**
 * The one command table: every contributed command id and what runs it. Typed to be complete.
 */
/** The features and pieces the commands run on, beside the shared services. */
export interface CommandTargets {
  readonly inspector: InspectorFeature;
  readonly httpFiles: HttpFilesFeature;
  readonly leakGuard: LeakGuard;
  readonly production: ProductionGate;
  /** The extension's SecretStorage, for Review Stored Secrets (it lists what no profile uses any more). */
  readonly secrets: vscode.SecretStorage;
}

export function commandTable(services: Services, { inspector, httpFiles, leakGuard, production, secrets }: CommandTargets): Record<CommandId, CommandHandler> {
  return {
    [Command.addProfile]: arg => addProfile(services, arg),
    [Command.removeProfile]: arg => removeProfile(services, arg),
    [Command.selectProfile]: arg => selectProfile(services, arg),
    [Command.updateSecret]: arg => updateSecret(services, arg),
    [Command.signOut]: arg => signOut(services, arg),
    [Command.markProduction]: arg => markProduction(services, production, arg),
    [Command.reviewSecrets]: arg => reviewStoredSecrets(services, secrets, arg),
    [Command.showPublicKey]: arg => showPublicKey(services, secrets, arg),
    [Command.rotateKey]: arg => rotateKey(services, secrets, arg),
    [Command.refreshToken]: arg => refreshToken(services, arg),
    [Command.copyToken]: arg => copyToken(services, production, arg),
    [Command.copyAuthorizationHeader]: arg => copyAuthorizationHeader(services, production, arg),
    [Command.copyCurl]: arg => copyCurl(services, arg),
    [Command.showLog]: () => showLog(services),
    [Command.statusBarMenu]: () => statusBarMenu(services),
    [Command.inspectToken]: arg => inspector.commands.inspectToken(arg),
    [Command.inspectCurrentToken]: arg => inspector.commands.inspectCurrentToken(arg),
    [Command.copyValue]: arg => inspector.commands.copyValue(arg),
    [Command.trustIssuer]: arg => inspector.commands.trustIssuer(arg),
    [Command.forgetTrustedIssuers]: arg => inspector.commands.forgetTrustedIssuers(arg),
    [Command.insertBearerHeader]: arg => httpFiles.insertBearerHeader(arg),
    [Command.leakGuardFix]: arg => leakGuard.fix(arg),
    [Command.insertBearerHeaderAll]: arg => httpFiles.insertBearerHeader({ ...(typeof arg === 'object' && arg ? arg : {}), all: true }),
  };
}

import type { Services } from '../services';
import type { HttpFilesFeature } from '../httpFiles/httpFilesFeature';
import type { InspectorFeature } from '../inspector/inspectorFeature';
import type { LeakGuard } from '../leakGuard/leakGuard';
import { statusBarMenu } from '../statusBar/tokenStatusBar';
import { Command, type CommandHandler, type CommandId } from './ids';

/**
 * The one command table: every contributed command id and what runs it. Typed to be complete. The profile
 * and token commands live in the on-demand bundle (src/onDemand): their handlers load it first.
 */
export function commandTable(services: Services, inspector: InspectorFeature, httpFiles: HttpFilesFeature, leakGuard: LeakGuard): Record<CommandId, CommandHandler> {
  return {
    [Command.addProfile]: async arg => (await services.onDemand()).addProfile(services, arg),
    [Command.removeProfile]: async arg => (await services.onDemand()).removeProfile(services, arg),
    [Command.selectProfile]: async arg => (await services.onDemand()).selectProfile(services, arg),
    [Command.updateSecret]: async arg => (await services.onDemand()).updateSecret(services, arg),
    [Command.signOut]: async arg => (await services.onDemand()).signOut(services, arg),
    [Command.markProduction]: async arg => (await services.onDemand()).markProduction(services, arg),
    [Command.reviewSecrets]: async arg => (await services.onDemand()).reviewStoredSecrets(services, arg),
    [Command.showPublicKey]: async arg => (await services.onDemand()).showPublicKey(services, arg),
    [Command.rotateKey]: async arg => (await services.onDemand()).rotateKey(services, arg),
    [Command.refreshToken]: async arg => (await services.onDemand()).refreshToken(services, arg),
    [Command.copyToken]: async arg => (await services.onDemand()).copyToken(services, arg),
    [Command.copyAuthorizationHeader]: async arg => (await services.onDemand()).copyAuthorizationHeader(services, arg),
    [Command.copyCurl]: async arg => (await services.onDemand()).copyCurl(services, arg),
    [Command.showLog]: async () => (await services.onDemand()).showLog(services),
    [Command.statusBarMenu]: () => statusBarMenu(services),
    [Command.inspectToken]: arg => inspector.inspectToken(arg),
    [Command.inspectCurrentToken]: arg => inspector.inspectCurrentToken(arg),
    [Command.copyValue]: arg => inspector.copyValue(arg),
    [Command.trustIssuer]: arg => inspector.trustIssuer(arg),
    [Command.forgetTrustedIssuers]: arg => inspector.forgetTrustedIssuers(arg),
    [Command.insertBearerHeader]: arg => httpFiles.insertBearerHeader(arg),
    [Command.leakGuardFix]: arg => leakGuard.fix(arg),
    [Command.insertBearerHeaderAll]: arg => httpFiles.insertBearerHeader({ ...(typeof arg === 'object' && arg ? arg : {}), all: true }),
  };
}

import type { Services } from '../services';
import type { HttpFilesFeature } from '../httpFiles/httpFilesFeature';
import type { InspectorFeature } from '../inspector/inspectorFeature';
import type { LeakGuard } from '../leakGuard/leakGuard';
import { addProfile, removeProfile, selectProfile, signOut, updateSecret } from '../profiles/profileCommands';
import { statusBarMenu } from '../statusBar/tokenStatusBar';
import { copyAuthorizationHeader, copyCurl, copyToken, refreshToken, showLog } from '../tokens/tokenCommands';
import { Command, type CommandHandler, type CommandId } from './ids';

/** The one command table: every contributed command id and what runs it. Typed to be complete. */
export function commandTable(services: Services, inspector: InspectorFeature, httpFiles: HttpFilesFeature, leakGuard: LeakGuard): Record<CommandId, CommandHandler> {
  return {
    [Command.addProfile]: arg => addProfile(services, arg),
    [Command.removeProfile]: arg => removeProfile(services, arg),
    [Command.selectProfile]: arg => selectProfile(services, arg),
    [Command.updateSecret]: arg => updateSecret(services, arg),
    [Command.signOut]: arg => signOut(services, arg),
    [Command.refreshToken]: arg => refreshToken(services, arg),
    [Command.copyToken]: arg => copyToken(services, arg),
    [Command.copyAuthorizationHeader]: arg => copyAuthorizationHeader(services, arg),
    [Command.copyCurl]: arg => copyCurl(services, arg),
    [Command.showLog]: () => showLog(services),
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

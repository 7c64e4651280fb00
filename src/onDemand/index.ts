/**
 * The on-demand bundle (dist/onDemand.js): what activation does not need, loaded by load.ts the first time
 * the user does something that needs it. Everything here runs only after a user action: the Token
 * Inspector's commands with the tree model and the signature check (jose, the key cache), the Leak guard's
 * Quick Fixes, the profile and token commands (Review Stored Secrets too), and Insert Bearer Header with its
 * .gitignore warning and the confirmation before a risky .env write. The modules the start-up bundle also has are not copied in:
 * dist/extension.js lends them (host.ts), so there is one @vscode/l10n, one KonexusError class, one of
 * every cache.
 */
export { InspectorCommands } from '../inspector/inspectorCommands';
export { inspectJwtFacts } from '../lmTools/inspectJwtFacts';
export { LeakFixes } from '../leakGuard/leakFixes';
export { addProfile, markProduction, removeProfile, selectProfile, signOut, updateSecret } from '../profiles/profileCommands';
export { reviewStoredSecrets } from '../profiles/storedSecretsCommand';
export { rotateKey, showPublicKey } from '../profiles/clientKeyCommands';
export { copyAuthorizationHeader, copyCurl, copyToken, refreshToken, showLog } from '../tokens/tokenCommands';
export { insertBearerHeader } from '../httpFiles/bearerHeaderCommand';
export { GitIgnoreGuard } from '../httpFiles/gitIgnoreWarning';

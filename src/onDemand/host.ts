/**
 * The modules dist/extension.js lends to dist/onDemand.js: every module the on-demand code imports that the
 * start-up bundle has too. scripts/bundles.mjs turns each import of one of these files in the on-demand
 * bundle into a stand-in that takes this table's entry (hostSlot.ts), so the module exists once: one
 * @vscode/l10n with the bundle activate() configured, one KonexusError class for `instanceof`, one cache.
 * A module missing here fails the build ("in both bundles"); so does a key that is not its import's path.
 * Keys: the path from the repository root, as in esbuild's metafile. One entry a line.
 */
import * as l10n from '@vscode/l10n';
import * as args from '../commands/args';
import * as ids from '../commands/ids';
import * as authority from '../core/authority';
import * as cappedBody from '../core/cappedBody';
import * as clientKeys from '../core/clientKeys';
import * as errors from '../core/errors';
import * as httpFailure from '../core/httpFailure';
import * as dotenv from '../core/httpFile/dotenv';
import * as edits from '../core/httpFile/edits';
import * as names from '../core/httpFile/names';
import * as parse from '../core/httpFile/parse';
import * as requestAt from '../core/httpFile/requestAt';
import * as textEdit from '../core/httpFile/textEdit';
import * as claims from '../core/jwt/claims';
import * as decode from '../core/jwt/decode';
import * as find from '../core/jwt/find';
import * as timeText from '../core/jwt/timeText';
import * as times from '../core/jwt/times';
import * as leakScan from '../core/leakScan';
import * as production from '../core/production';
import * as profiles from '../core/profiles';
import * as redact from '../core/redact';
import * as dotenvTokenWriter from '../httpFiles/dotenvTokenWriter';
import * as dotenvTrust from '../httpFiles/dotenvTrust';
import * as gitIgnoreCheck from '../httpFiles/gitIgnoreCheck';
import * as gitignoreText from '../httpFiles/gitignoreText';
import * as headerStyles from '../httpFiles/headerStyles';
import * as httpDocuments from '../httpFiles/httpDocuments';
import * as workspaceEdits from '../httpFiles/workspaceEdits';
import * as inspectorText from '../inspector/inspectorText';
import * as jwtHoverProvider from '../inspector/jwtHoverProvider';
import * as verification from '../inspector/verification';
import * as dotenvIgnoreCache from '../leakGuard/dotenvIgnoreCache';
import * as leakFiles from '../leakGuard/leakFiles';
import * as leakFixArgs from '../leakGuard/leakFixArgs';
import * as credentialKind from '../profiles/credentialKind';
import * as presentError from '../ui/presentError';
import type { OnDemandHost } from './hostSlot';

export const onDemandHost: OnDemandHost = {
  'node_modules/@vscode/l10n/dist/main.js': l10n,
  'src/commands/args.ts': args,
  'src/commands/ids.ts': ids,
  'src/core/authority.ts': authority,
  'src/core/cappedBody.ts': cappedBody,
  'src/core/clientKeys.ts': clientKeys,
  'src/core/errors.ts': errors,
  'src/core/httpFailure.ts': httpFailure,
  'src/core/httpFile/dotenv.ts': dotenv,
  'src/core/httpFile/edits.ts': edits,
  'src/core/httpFile/names.ts': names,
  'src/core/httpFile/parse.ts': parse,
  'src/core/httpFile/requestAt.ts': requestAt,
  'src/core/httpFile/textEdit.ts': textEdit,
  'src/core/jwt/claims.ts': claims,
  'src/core/jwt/decode.ts': decode,
  'src/core/jwt/find.ts': find,
  'src/core/jwt/timeText.ts': timeText,
  'src/core/jwt/times.ts': times,
  'src/core/leakScan.ts': leakScan,
  'src/core/production.ts': production,
  'src/core/profiles.ts': profiles,
  'src/core/redact.ts': redact,
  'src/httpFiles/dotenvTokenWriter.ts': dotenvTokenWriter,
  'src/httpFiles/dotenvTrust.ts': dotenvTrust,
  'src/httpFiles/gitIgnoreCheck.ts': gitIgnoreCheck,
  'src/httpFiles/gitignoreText.ts': gitignoreText,
  'src/httpFiles/headerStyles.ts': headerStyles,
  'src/httpFiles/httpDocuments.ts': httpDocuments,
  'src/httpFiles/workspaceEdits.ts': workspaceEdits,
  'src/inspector/inspectorText.ts': inspectorText,
  'src/inspector/jwtHoverProvider.ts': jwtHoverProvider,
  'src/inspector/verification.ts': verification,
  'src/leakGuard/dotenvIgnoreCache.ts': dotenvIgnoreCache,
  'src/leakGuard/leakFiles.ts': leakFiles,
  'src/leakGuard/leakFixArgs.ts': leakFixArgs,
  'src/profiles/credentialKind.ts': credentialKind,
  'src/ui/presentError.ts': presentError,
};

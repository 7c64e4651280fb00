/**
 * What a leak is and what to do about it, for the Leak guard's diagnostics. The words depend on the kind
 * of file it was found in (the fix differs: a `.http` file gets a `{{$dotenv …}}` reference, settings
 * and `.env` files other advice) and never contain the value found.
 */
import * as l10n from '@vscode/l10n';
import type { Leak, ScanFileKind } from '../../core/leaks/leakScan';

/** The key `konexus.httpFiles.dotenvKey` defaults to, for a `.http` message when the setting is empty. */
const DEFAULT_DOTENV_KEY = 'KONEXUS_TOKEN';

/**
 * `file` is the kind of file the leak was found in; `dotenvKey` the `.env` key the `.http` Quick Fix
 * writes a token to (setting `konexus.httpFiles.dotenvKey`), named in the message about a JWT there.
 */
export function leakText(leak: Pick<Leak, 'kind' | 'keyFormat'>, file: ScanFileKind, dotenvKey: string): string {
  switch (leak.kind) {
    case 'jwt':
      return jwtText(file, dotenvKey);
    case 'client_secret':
      return secretText(file);
    case 'private_key':
      return leak.keyFormat === 'pem'
        ? l10n.t('A private key (PEM) is stored in this file: anyone who can read it can sign as its owner. Remove it. If the file was ever committed or shared, the key is compromised: replace it (for a Konexus client, with "Konexus: Rotate Client Key"), register the new public key, and unregister the old one.')
        : l10n.t('A private key (the "d" of a JWK) is stored in this file: anyone who can read it can authenticate as its client. Remove it. If the file was ever committed or shared, the key is compromised: replace it with "Konexus: Rotate Client Key", register the new public key, and unregister the old one.');
  }
}

function jwtText(file: ScanFileKind, dotenvKey: string): string {
  switch (file) {
    case 'http':
      return l10n.t({
        message: 'A raw access token is stored in this file. Tokens expire in an hour and must not be committed: use {0} (Quick Fix).',
        args: [`{{$dotenv ${dotenvKey || DEFAULT_DOTENV_KEY}}}`],
        comment: ['{0} is a variable reference such as {{$dotenv KONEXUS_TOKEN}}'],
      });
    case 'dotenv':
      return l10n.t('A raw access token is stored in this .env file, and git does not ignore it: a commit would include the token. Add the file to .gitignore, or remove the token and let a Konexus profile provide tokens (Quick Fix).');
    case 'settings':
      return l10n.t('A raw access token is stored in settings, which are often committed or synced. Tokens expire in an hour: remove it and let a Konexus profile provide tokens (Quick Fix).');
    case 'other':
      return l10n.t('A raw access token is stored in this file. Tokens expire in an hour and must not be committed: let a Konexus profile provide tokens instead.');
  }
}

function secretText(file: ScanFileKind): string {
  switch (file) {
    case 'http':
      return l10n.t('A client secret is stored in this file: anyone who can read it can get tokens for your client. Move it into a Konexus profile, kept in VS Code\'s secret storage (Quick Fix).');
    case 'dotenv':
      return l10n.t('A client secret is stored in this .env file, and git does not ignore it: a commit would include the secret. Move it into a Konexus profile, kept in VS Code\'s secret storage, or add the file to .gitignore (Quick Fix).');
    case 'settings':
      return l10n.t('A client secret is stored in settings, which are often committed or synced. Move it into a Konexus profile, kept in VS Code\'s secret storage (Quick Fix).');
    case 'other':
      return l10n.t('A client secret is stored in this file: anyone who can read it can get tokens for your client. Keep it in a Konexus profile instead.');
  }
}

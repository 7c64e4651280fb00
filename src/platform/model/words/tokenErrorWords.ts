/** TokenWhy in words: profiles, client credentials and what the token endpoint answered. */
import * as l10n from '@vscode/l10n';
import { hostOf } from '../../../core/http/httpFailure';
import type { TokenWhy } from '../../../core/tokens/tokenWhy';
import { unexpectedBodyText } from './httpErrorWords';
import { clientIdProblemText, profileNameProblemText } from './profileWords';
import { formatDuration } from './timeWords';

export function tokenWhyText(why: TokenWhy): string {
  switch (why.kind) {
    case 'profileName': return profileNameProblemText(why.problem);
    case 'clientId': return clientIdProblemText(why.problem);
    case 'notOneOf': return notOneOfText(why.field, why.allowed.join(', '));
    case 'noProfile': return l10n.t('No Konexus profile yet. Run "Konexus: Add Profile" first.');
    case 'unknownProfile': return l10n.t('There is no Konexus profile named "{0}".', why.name);
    case 'secretEmpty': return l10n.t('Enter the client secret that belongs to the client id.');
    case 'secretMissing': return l10n.t('No client secret is stored for the profile "{0}". Run "Konexus: Add Profile" to enter it again.', why.profile);
    case 'notAClientKey':
      return l10n.t('The client "{0}" authenticates with a private key (private_key_jwt), but what is stored for it is not a Konexus client key. Generate a key with "Konexus: Add Profile" or "Konexus: Rotate Client Key" and register its public key with the server.', why.clientId);
    case 'keyPairMissing':
      return l10n.t('No key pair is stored for "{0}" (signed out). Run "Konexus: Rotate Client Key…" to make a new one, then register it.', why.profile);
    case 'noPublicKey': return l10n.t('"{0}" uses a client secret, not a key pair: it has no public key.', why.profile);
    case 'noKeyPairProfile': return l10n.t('No Konexus profile uses a key pair. Run "Konexus: Add Profile…" and choose "Key pair".');
    case 'usesKeyPair': return l10n.t('"{0}" uses a key pair, not a client secret. Run "Konexus: Rotate Client Key…" for a new key.', why.profile);
    case 'keyAuthNotOffered':
      return l10n.t('{0} does not accept private_key_jwt (it lists {1}), so a client key cannot be used with it. Use a client secret profile for this server.', why.issuer, why.offered?.join(', ') || l10n.t('nothing'));
    case 'authMethodNotOffered':
      return l10n.t('{0} does not accept {1} (it supports {2}). Choose "auto" or one it supports.', why.issuer, why.requested, why.offered.join(', ') || l10n.t('no client secret method'));
    case 'secretAuthNotOffered':
      return l10n.t('{0} supports neither client_secret_post nor client_secret_basic (it lists {1}), so a client secret cannot be used with it.', why.issuer, why.offered.join(', ') || l10n.t('nothing'));
    case 'tokenEndpointMissing': return l10n.t('The token endpoint {0} does not exist (HTTP 404). Check the authority.', why.endpoint);
    case 'notATokenResponse':
      return l10n.t({ message: '{0} returned {1} (HTTP {2}) instead of a token.', args: [hostOf(why.url), unexpectedBodyText(why.body), why.status], comment: ['{1} describes the body, such as "an empty body"'] });
    case 'noAccessToken': return l10n.t('{0} answered 200 but sent no access_token. The server may be misconfigured; it will be retried.', hostOf(why.url));
    case 'refusedWithoutCode': return l10n.t('{0} refused the token request with HTTP {1} and no OAuth error code.', hostOf(why.url), why.status);
    case 'unusableTokenResponse': return l10n.t('{0} sent a token response that cannot be used: {1}.', hostOf(why.url), why.detail);
    case 'secretRejected':
      return l10n.t('{0} rejected the client id "{1}" or its secret (invalid_client).{2} Check both and store the secret again.', hostOf(why.url), why.clientId, saidText(why.said));
    case 'keyRejected':
      return l10n.t('{0} rejected the client id "{1}" or its key (invalid_client).{2} Check that the client id is right and that the public key (kid {3}) is registered for it.', hostOf(why.url), why.clientId, saidText(why.said), why.kid);
    case 'scopeRefused':
      return l10n.t('The client "{0}" may not ask for the scope "{1}" (invalid_scope).{2} Use the scope your Konexus client was granted (usually tamarack).', why.clientId, why.scope, saidText(why.said));
    case 'grantNotAllowed':
      return l10n.t('The client "{0}" is not allowed to use the client-credentials grant (unauthorized_client).{1} Ask Konexus to enable it for this client.', why.clientId, saidText(why.said));
    case 'grantUnsupported':
      return l10n.t('{0} does not support the client-credentials grant (unsupported_grant_type).{1} Check the authority.', hostOf(why.url), saidText(why.said));
    case 'requestMalformed':
      return l10n.t('{0} says the token request is malformed (invalid_request).{1} Try another client authentication method.', hostOf(why.url), saidText(why.said));
    case 'requestRefused': return l10n.t('{0} refused the token request ({1}).{2}', hostOf(why.url), why.oauthCode.slice(0, 60), saidText(why.said));
    case 'requestedMomentsAgo': return l10n.t('A token was requested moments ago; the next request waits a little.');
    case 'superseded': return l10n.t('The token request was superseded.');
    case 'managerGone': return l10n.t('This profile was removed or the extension is shutting down.');
    case 'unexpected': return l10n.t('Unexpected failure while fetching a token: {0}', why.detail);
    case 'productionNotConfirmed':
      return l10n.t('The token of the production profile "{0}" was not released: confirm in the dialog, or turn off konexus.production.confirmTokenUse in your user settings.', why.profile);
  }
}

/** A refresh failed (`failure` in words) while the current token stays valid for `leftMs`. */
export function tokenKeptText(failure: string, leftMs: number): string {
  return l10n.t('{0} The current token stays in use for {1}.', failure, formatDuration(leftMs));
}

function notOneOfText(field: 'clientAuthMethod' | 'keyAlgorithm' | 'action', allowed: string): string {
  switch (field) {
    case 'clientAuthMethod': return l10n.t('clientAuthMethod must be one of {0}.', allowed);
    case 'keyAlgorithm': return l10n.t('keyAlgorithm must be one of {0}.', allowed);
    case 'action': return l10n.t('action must be one of {0}.', allowed);
  }
}

/** The server's error_description as a whole sentence with its leading space, or nothing. */
function saidText(said: string | undefined): string {
  return said ? ` ${l10n.t('The server said: "{0}".', said.slice(0, 300))}` : '';
}



/**
 * What went wrong with a profile, a client credential or a token request, as values: the edge says it in
 * words (tokenErrorWords.ts, beside errorText). Values never hold a secret or a token. Strings a server
 * sent (`said`, `oauthCode`, `detail`) are kept as sent; the words clip them.
 */
import type { UnexpectedBody } from '../http/httpWhy';

/** Why a profile name cannot be used (profiles.ts). */
export type ProfileNameProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too_long' }
  | { readonly kind: 'characters' }
  | { readonly kind: 'taken'; readonly name: string };

/** Why a client id cannot be used (profiles.ts). */
export type ClientIdProblem = { readonly kind: 'empty' } | { readonly kind: 'malformed' };

type Token<Kind extends string, Values = unknown> = { readonly area: 'token'; readonly kind: Kind } & Values;
/** The server's error_description, when it sent one. */
type Said = { readonly said: string | undefined };

export type TokenWhy =
  // profiles and what is stored for them
  | Token<'profileName', { readonly problem: ProfileNameProblem }>
  | Token<'clientId', { readonly problem: ClientIdProblem }>
  /** A command argument or stored field that is none of the values it may be. */
  | Token<'notOneOf', { readonly field: 'clientAuthMethod' | 'keyAlgorithm' | 'action'; readonly allowed: readonly string[] }>
  | Token<'noProfile'>
  | Token<'unknownProfile', { readonly name: string }>
  | Token<'secretEmpty'>
  | Token<'secretMissing', { readonly profile: string }>
  | Token<'notAClientKey', { readonly clientId: string }>
  // key pairs (private_key_jwt profiles)
  | Token<'keyPairMissing', { readonly profile: string }>
  | Token<'noPublicKey', { readonly profile: string }>
  | Token<'noKeyPairProfile'>
  | Token<'usesKeyPair', { readonly profile: string }>
  // the client authentication the server offers (`offered` as its discovery document lists them)
  | Token<'keyAuthNotOffered', { readonly issuer: string; readonly offered: readonly string[] | undefined }>
  | Token<'authMethodNotOffered', { readonly issuer: string; readonly requested: string; readonly offered: readonly string[] }>
  | Token<'secretAuthNotOffered', { readonly issuer: string; readonly offered: readonly string[] }>
  // what the token endpoint (at `url`) answered
  | Token<'tokenEndpointMissing', { readonly endpoint: string }>
  | Token<'notATokenResponse', { readonly url: string; readonly status: number; readonly body: UnexpectedBody }>
  | Token<'noAccessToken', { readonly url: string }>
  | Token<'refusedWithoutCode', { readonly url: string; readonly status: number }>
  | Token<'unusableTokenResponse', { readonly url: string; readonly detail: string }>
  | Token<'secretRejected', { readonly url: string; readonly clientId: string } & Said>
  | Token<'keyRejected', { readonly url: string; readonly clientId: string; readonly kid: string } & Said>
  | Token<'scopeRefused', { readonly clientId: string; readonly scope: string } & Said>
  | Token<'grantNotAllowed', { readonly clientId: string } & Said>
  | Token<'grantUnsupported', { readonly url: string } & Said>
  | Token<'requestMalformed', { readonly url: string } & Said>
  | Token<'requestRefused', { readonly url: string; readonly oauthCode: string } & Said>
  // the token manager
  | Token<'requestedMomentsAgo'>
  | Token<'superseded'>
  | Token<'managerGone'>
  /** A failure that is not a KonexusError; `detail` is its message. */
  | Token<'unexpected', { readonly detail: string }>
  // raised by the glue
  | Token<'productionNotConfirmed', { readonly profile: string }>;

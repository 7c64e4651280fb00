/**
 * What went wrong with a profile, a client credential or a token request, as values: the edge says it in
 * words (tokenErrorWords.ts, beside errorText). Values never hold a secret or a token. Strings a server
 * sent (`said`, `oauthCode`, `detail`) are kept as sent; the words clip them.
 */
import type { HttpWhy, UnexpectedBody } from '../http/httpWhy';

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
  | Token<'profile_name', { readonly problem: ProfileNameProblem }>
  | Token<'client_id', { readonly problem: ClientIdProblem }>
  /** A command argument or stored field that is none of the values it may be. */
  | Token<'not_one_of', { readonly field: 'clientAuthMethod' | 'keyAlgorithm' | 'action'; readonly allowed: readonly string[] }>
  | Token<'no_profile'>
  | Token<'unknown_profile', { readonly name: string }>
  | Token<'secret_empty'>
  | Token<'secret_missing', { readonly profile: string }>
  | Token<'not_a_client_key', { readonly clientId: string }>
  // key pairs (private_key_jwt profiles)
  | Token<'key_pair_missing', { readonly profile: string }>
  | Token<'no_public_key', { readonly profile: string }>
  | Token<'no_key_pair_profile'>
  | Token<'uses_key_pair', { readonly profile: string }>
  // the client authentication the server offers (`offered` as its discovery document lists them)
  | Token<'key_auth_not_offered', { readonly issuer: string; readonly offered: readonly string[] | undefined }>
  | Token<'auth_method_not_offered', { readonly issuer: string; readonly requested: string; readonly offered: readonly string[] }>
  | Token<'secret_auth_not_offered', { readonly issuer: string; readonly offered: readonly string[] }>
  // what the token endpoint (at `url`) answered
  | Token<'token_endpoint_missing', { readonly endpoint: string }>
  | Token<'not_a_token_response', { readonly url: string; readonly status: number; readonly body: UnexpectedBody }>
  | Token<'no_access_token', { readonly url: string }>
  | Token<'refused_without_code', { readonly url: string; readonly status: number }>
  | Token<'unusable_token_response', { readonly url: string; readonly detail: string }>
  | Token<'secret_rejected', { readonly url: string; readonly clientId: string } & Said>
  | Token<'key_rejected', { readonly url: string; readonly clientId: string; readonly kid: string } & Said>
  | Token<'scope_refused', { readonly clientId: string; readonly scope: string } & Said>
  | Token<'grant_not_allowed', { readonly clientId: string } & Said>
  | Token<'grant_unsupported', { readonly url: string } & Said>
  | Token<'request_malformed', { readonly url: string } & Said>
  | Token<'request_refused', { readonly url: string; readonly oauthCode: string } & Said>
  // the token manager
  | Token<'requested_moments_ago'>
  | Token<'superseded'>
  | Token<'manager_gone'>
  /** A failure that is not a KonexusError; `detail` is its message. */
  | Token<'unexpected', { readonly detail: string }>
  // raised by the glue
  | Token<'production_not_confirmed', { readonly profile: string }>
  /** A refresh the user asked for failed while the current token is still valid for `leftMs`. */
  | Token<'token_kept', { readonly failure: HttpWhy | TokenWhy; readonly leftMs: number }>;

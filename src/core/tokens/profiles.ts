import { DEFAULT_AUTHORITY, DEFAULT_SCOPE, authorityKey, parseAuthority } from '../authority';
import { KonexusError } from '../errors';
import type { ClientAuthMethod } from './tokenClient';
import type { ClientIdProblem, ProfileNameProblem } from './tokenWhy';

/** A named set of client credentials, minus the secret (which lives only in SecretStorage). */
export interface Profile {
  readonly name: string;
  readonly authority: string;
  readonly clientId: string;
  readonly scope: string;
  readonly clientAuthMethod: ClientAuthMethod;
  /** Marked by the user as production (see core/tokens/production.ts); the production authority is so anyway. */
  readonly production?: boolean;
}

export interface ProfileInput {
  readonly name?: unknown;
  readonly authority?: unknown;
  readonly clientId?: unknown;
  readonly scope?: unknown;
  readonly clientAuthMethod?: unknown;
  readonly production?: unknown;
}

const AUTH_METHODS: readonly ClientAuthMethod[] = ['auto', 'client_secret_post', 'client_secret_basic', 'private_key_jwt'];

/** Why a profile name cannot be used, or undefined when it can. For input-box validation too (profileWords.ts). */
export function profileNameProblem(name: string, existing: readonly string[] = []): ProfileNameProblem | undefined {
  const trimmed = name.trim();
  if (!trimmed) return { kind: 'empty' };
  if (trimmed.length > 40) return { kind: 'too_long' }; // it is shown in the status bar
  if (!/^[\p{L}\p{N} ._-]+$/u.test(trimmed)) return { kind: 'characters' };
  if (existing.some(e => e.toLowerCase() === trimmed.toLowerCase())) return { kind: 'taken', name: trimmed };
  return undefined;
}

/** Why a client id cannot be used, or undefined. */
export function clientIdProblem(clientId: string): ClientIdProblem | undefined {
  const trimmed = clientId.trim();
  if (!trimmed) return { kind: 'empty' };
  if (trimmed.length > 200 || /[\s]/.test(trimmed)) return { kind: 'malformed' };
  return undefined;
}

/** Validates untrusted input (a command argument, a stored value) into a Profile; throws KonexusError. */
export function toProfile(input: ProfileInput, existingNames: readonly string[] = []): Profile {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const nameProblem = profileNameProblem(name, existingNames);
  if (nameProblem) throw new KonexusError('invalid_request', { area: 'token', kind: 'profileName', problem: nameProblem });
  const clientId = typeof input.clientId === 'string' ? input.clientId.trim() : '';
  const idProblem = clientIdProblem(clientId);
  if (idProblem) throw new KonexusError('invalid_request', { area: 'token', kind: 'clientId', problem: idProblem });
  const authority = authorityKey(parseAuthority(typeof input.authority === 'string' && input.authority.trim() ? input.authority : DEFAULT_AUTHORITY));
  const scope = typeof input.scope === 'string' && input.scope.trim() ? input.scope.trim().split(/\s+/).join(' ') : DEFAULT_SCOPE;
  const method = input.clientAuthMethod ?? 'auto';
  if (!AUTH_METHODS.includes(method as ClientAuthMethod)) {
    throw new KonexusError('invalid_request', { area: 'token', kind: 'notOneOf', field: 'clientAuthMethod', allowed: AUTH_METHODS });
  }
  const profile: Profile = { name, authority, clientId, scope, clientAuthMethod: method as ClientAuthMethod };
  return input.production === true ? { ...profile, production: true } : profile;
}

/**
 * SecretStorage key of a client secret: authority + client id. A secret is only ever sent to the authority
 * it was stored for, whatever a profile name or a workspace setting says.
 */
export function secretKey(profile: Pick<Profile, 'authority' | 'clientId'>): string {
  return `konexus.clientSecret|${authorityKey(parseAuthority(profile.authority))}|${profile.clientId}`;
}

/** SecretStorage key of the cached token of a credential + scope. */
export function tokenKey(profile: Pick<Profile, 'authority' | 'clientId' | 'scope'>): string {
  return `konexus.token|${authorityKey(parseAuthority(profile.authority))}|${profile.clientId}|${profile.scope}`;
}

/**
 * Which keys a token is verified against, for the inspector (planKeys: no I/O), and the verification with
 * those keys (verifyForInspection: verifyJwt, with discovery and the key cache injected). Pure: no runtime
 * `vscode` import.
 *
 * The rule that keeps a hovered or pasted token from making us call an arbitrary URL: keys are fetched
 * only for an issuer that is the authority of one of the user's profiles, or one the user confirmed once
 * (confirmedIssuers.ts), compared normalised, without any network. A token claiming any other issuer is
 * decoded and its claims checked, but its signature is reported 'skip', nothing is fetched, and the plan
 * says which issuer the user could confirm (never one reached over plain http, except loopback).
 *
 * The expected audience is always KONEXUS_AUDIENCE: the question the inspector answers is "will the
 * Konexus Platform API accept this token?", and that API's resource name is `tamarack` whatever scope a
 * profile asks for (IdentityServer puts the API resource, not the scope, in `aud`). Taking the token's own
 * `aud` would make the check vacuous; taking a profile's scope would confuse scope with audience.
 */
import * as l10n from '@vscode/l10n';
import { authorityKey, parseAuthority } from '../../core/authority';
import type { IssuerMetadata } from '../../core/http/discovery';
import type { JwksCache } from '../../core/jwt/jwks';
import { verifyJwt } from '../../core/jwt/verify';
import type { Expectations, KeySource } from '../../core/jwt/verify';
import { noKeysText, type InspectionCheck, type InspectionReport, type InspectionWhy, type NoKeysWhy } from './inspectionCheckWords';

/** `aud` of Konexus Platform API access tokens (the API resource behind the `tamarack` scope). */
export const KONEXUS_AUDIENCE = 'tamarack';
const ACCESS_TOKEN_TYP = 'at+jwt';

/** What the inspector needs of a profile. */
export interface ProfileRef {
  readonly name: string;
  readonly authority: string;
}

export type KeyPlan =
  /** Verify against this profile's issuer: it matched the token's `iss`, or the caller asked for it. */
  | { readonly kind: 'profile'; readonly profile: ProfileRef; readonly why: 'issuer' | 'requested' }
  /** Verify against the keys of an issuer the user confirmed (no profile names it). */
  | { readonly kind: 'issuer'; readonly issuer: string }
  /**
   * No keys: nothing is fetched, the signature is skipped for `why`. `confirmable` is the normalised
   * issuer the user may confirm to verify (absent when it could never be confirmed, e.g. plain http).
   */
  | { readonly kind: 'none'; readonly why: NoKeysWhy; readonly issuer?: string; readonly confirmable?: string };

/** An issuer or authority as a comparable key (origin + path, no trailing slash); undefined if it is not one. */
export function normalizeIssuer(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048) return undefined;
  try {
    return authorityKey(parseAuthority(text));
  } catch {
    return undefined;
  }
}

/**
 * The keys for a token whose `iss` is `iss`: the first profile (the `preferred` one first) whose authority
 * is that issuer, else the issuer itself if the user confirmed it (`confirmed`, normalised), else none
 * with why (a value; noKeysText says it). Never does I/O.
 */
export function planKeys(iss: unknown, profiles: readonly ProfileRef[], preferred?: string, confirmed: readonly string[] = []): KeyPlan {
  if (iss === undefined) {
    return { kind: 'none', why: { kind: 'noIss' } };
  }
  if (typeof iss !== 'string') return { kind: 'none', why: { kind: 'issNotText' } };
  const wanted = normalizeIssuer(iss);
  const ordered = [...profiles].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
  const profile = wanted === undefined ? undefined : ordered.find(p => normalizeIssuer(p.authority) === wanted);
  if (profile) return { kind: 'profile', profile, why: 'issuer' };
  if (wanted !== undefined && confirmed.includes(wanted)) return { kind: 'issuer', issuer: wanted };
  if (wanted === undefined) {
    return {
      kind: 'none',
      issuer: iss,
      why: { kind: 'issuerNotHttps', issuer: iss },
    };
  }
  return {
    kind: 'none',
    issuer: iss,
    confirmable: wanted,
    why: { kind: 'issuerNotAProfile', issuer: iss },
  };
}

/** Verify against a given profile's issuer (the profile's own current token). */
export function planForProfile(profile: ProfileRef): KeyPlan {
  return { kind: 'profile', profile, why: 'requested' };
}

/** Where the keys come from, in words: for tooltips and the log. */
export function describePlan(plan: KeyPlan): string {
  if (plan.kind === 'none') return l10n.t('not verified: {0}', noKeysText(plan.why));
  if (plan.kind === 'issuer') return l10n.t('the keys of {0} (an issuer you trusted)', plan.issuer);
  return l10n.t('the keys of profile "{0}" ({1})', plan.profile.name, plan.profile.authority);
}

export interface InspectionVerifyDeps {
  /** The authority's discovery document (DiscoveryCache.get). Only called for a 'profile' or 'issuer' plan. */
  discover(authority: string): Promise<Pick<IssuerMetadata, 'issuer' | 'jwksUri'>>;
  readonly jwks: JwksCache;
  readonly nowMs: number;
  readonly clockToleranceSeconds: number;
}

/** verifyJwt with the keys and expectations the plan gives. Never throws. */
export async function verifyForInspection(raw: string, plan: KeyPlan, deps: InspectionVerifyDeps): Promise<InspectionReport> {
  const base: Expectations = { audience: KONEXUS_AUDIENCE, typ: ACCESS_TOKEN_TYP, clockToleranceSeconds: deps.clockToleranceSeconds };
  const verifyDeps = { jwks: deps.jwks, nowMs: deps.nowMs };
  if (plan.kind === 'none') {
    const report = await verifyJwt(raw, { kind: 'none' }, base, verifyDeps);
    return rewrite(report, {
      signature: { kind: 'inspectorNoKeys', plan: plan.why },
      iss: plan.issuer === undefined ? undefined : { kind: 'inspectorIssuerNotAProfile' },
    });
  }

  const authority = plan.kind === 'profile' ? plan.profile.authority : plan.issuer;
  let metadata: Pick<IssuerMetadata, 'issuer' | 'jwksUri'>;
  try {
    metadata = await deps.discover(authority);
  } catch (error) {
    const report = await verifyJwt(raw, { kind: 'none' }, { ...base, issuer: normalizeIssuer(authority) ?? authority }, verifyDeps);
    return failSignature(report, plan.kind === 'profile'
      ? { kind: 'inspectorKeysNotFound', profile: plan.profile.name, error }
      : { kind: 'inspectorIssuerKeysNotFound', issuer: plan.issuer, error });
  }
  const expectations: Expectations = { ...base, issuer: metadata.issuer };
  if (!metadata.jwksUri) {
    const report = await verifyJwt(raw, { kind: 'none' }, expectations, verifyDeps);
    return failSignature(report, { kind: 'inspectorNoJwksUri', authority });
  }
  const keys: KeySource = { kind: 'jwks', jwksUri: metadata.jwksUri };
  return verifyJwt(raw, keys, expectations, verifyDeps);
}

/** A 'skip' (keys none) turned into a failure: we meant to verify and could not. */
function failSignature(report: InspectionReport, why: InspectionWhy): InspectionReport {
  if (report.decodeError) return report;
  const checks = report.checks.map((c): InspectionCheck => (c.id === 'signature' ? { id: 'signature', status: 'fail', why } : c));
  return { ...report, valid: false, checks };
}

/** Replaces the reasons of skipped checks with the inspector's own. */
function rewrite(report: InspectionReport, whys: Partial<Record<InspectionCheck['id'], InspectionWhy | undefined>>): InspectionReport {
  if (report.decodeError) return report;
  const checks = report.checks.map((c): InspectionCheck => {
    const why = whys[c.id];
    return why !== undefined && c.status === 'skip' ? { ...c, why } : c;
  });
  return { ...report, checks };
}

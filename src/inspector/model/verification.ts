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
import type { Check, Expectations, KeySource, VerificationReport } from '../../core/jwt/verify';
import { errorText } from '../../platform/model/words/errorWords';

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
   * No keys: nothing is fetched, the signature is skipped for `reason`. `confirmable` is the normalised
   * issuer the user may confirm to verify (absent when it could never be confirmed, e.g. plain http).
   */
  | { readonly kind: 'none'; readonly reason: string; readonly issuer?: string; readonly confirmable?: string };

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
 * with a reason. Never does I/O.
 */
export function planKeys(iss: unknown, profiles: readonly ProfileRef[], preferred?: string, confirmed: readonly string[] = []): KeyPlan {
  if (iss === undefined) {
    return { kind: 'none', reason: l10n.t('the token has no iss claim, so there is no issuer whose keys could check it: signature not checked') };
  }
  if (typeof iss !== 'string') return { kind: 'none', reason: l10n.t('the token\'s iss is not text: signature not checked') };
  const shown = clip(iss);
  const wanted = normalizeIssuer(iss);
  const ordered = [...profiles].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
  const profile = wanted === undefined ? undefined : ordered.find(p => normalizeIssuer(p.authority) === wanted);
  if (profile) return { kind: 'profile', profile, why: 'issuer' };
  if (wanted !== undefined && confirmed.includes(wanted)) return { kind: 'issuer', issuer: wanted };
  if (wanted === undefined) {
    return {
      kind: 'none',
      issuer: iss,
      reason: l10n.t('issuer {0} is not an https URL (plain http is allowed for localhost only), so its keys are never fetched: signature not checked', shown),
    };
  }
  return {
    kind: 'none',
    issuer: iss,
    confirmable: wanted,
    reason: l10n.t("issuer {0} is not one of your profiles' authorities: signature not checked. Trust this issuer to fetch its keys, or add a profile for it.", shown),
  };
}

/** Verify against a given profile's issuer (the profile's own current token). */
export function planForProfile(profile: ProfileRef): KeyPlan {
  return { kind: 'profile', profile, why: 'requested' };
}

/** Where the keys come from, in words: for tooltips and the log. */
export function describePlan(plan: KeyPlan): string {
  if (plan.kind === 'none') return l10n.t('not verified: {0}', plan.reason);
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
export async function verifyForInspection(raw: string, plan: KeyPlan, deps: InspectionVerifyDeps): Promise<VerificationReport> {
  const base: Expectations = { audience: KONEXUS_AUDIENCE, typ: ACCESS_TOKEN_TYP, clockToleranceSeconds: deps.clockToleranceSeconds };
  const verifyDeps = { jwks: deps.jwks, nowMs: deps.nowMs };
  if (plan.kind === 'none') {
    const report = await verifyJwt(raw, { kind: 'none' }, base, verifyDeps);
    return rewrite(report, {
      signature: plan.reason,
      iss: plan.issuer === undefined ? undefined : l10n.t("not checked: no profile's authority is this issuer"),
    });
  }

  const authority = plan.kind === 'profile' ? plan.profile.authority : plan.issuer;
  let metadata: Pick<IssuerMetadata, 'issuer' | 'jwksUri'>;
  try {
    metadata = await deps.discover(authority);
  } catch (error) {
    const report = await verifyJwt(raw, { kind: 'none' }, { ...base, issuer: normalizeIssuer(authority) ?? authority }, verifyDeps);
    const reason = plan.kind === 'profile'
      ? l10n.t('the keys of profile "{0}" could not be found: {1}', plan.profile.name, messageOf(error))
      : l10n.t('the keys of the issuer {0} could not be found: {1}', plan.issuer, messageOf(error));
    return failSignature(report, reason);
  }
  const expectations: Expectations = { ...base, issuer: metadata.issuer };
  if (!metadata.jwksUri) {
    const report = await verifyJwt(raw, { kind: 'none' }, expectations, verifyDeps);
    return failSignature(report, l10n.t('the discovery document of {0} names no jwks_uri, so its keys are unknown', authority));
  }
  const keys: KeySource = { kind: 'jwks', jwksUri: metadata.jwksUri };
  return verifyJwt(raw, keys, expectations, verifyDeps);
}

/** A 'skip' (keys none) turned into a failure: we meant to verify and could not. */
function failSignature(report: VerificationReport, reason: string): VerificationReport {
  if (report.decodeError) return report;
  const checks = report.checks.map((c): Check => (c.id === 'signature' ? { id: 'signature', status: 'fail', reason } : c));
  return { ...report, valid: false, checks };
}

/** Replaces the reasons of skipped checks with the inspector's own words. */
function rewrite(report: VerificationReport, reasons: Partial<Record<Check['id'], string | undefined>>): VerificationReport {
  if (report.decodeError) return report;
  const checks = report.checks.map((c): Check => {
    const reason = reasons[c.id];
    return reason !== undefined && c.status === 'skip' ? { ...c, reason } : c;
  });
  return { ...report, checks };
}

function messageOf(error: unknown): string {
  return errorText(error);
}

function clip(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

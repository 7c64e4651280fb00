/**
 * The inspector's verification: verifyJwt (jose) with the keys and expectations a KeyPlan (verification.ts)
 * gives. Loaded on demand (src/onDemand): only the Token Inspector verifies, the hover never does. Pure: no
 * runtime `vscode` import; discovery and the key cache are injected.
 */
import * as l10n from '@vscode/l10n';
import type { IssuerMetadata } from '../core/discovery';
import { verifyJwt } from '../core/jwt/verify';
import type { Check, Expectations, KeySource, VerificationReport } from '../core/jwt/verify';
import type { JwksCache } from '../core/jwt/jwks';
import { ACCESS_TOKEN_TYP, KONEXUS_AUDIENCE, normalizeIssuer } from './verification';
import type { KeyPlan } from './verification';

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
  return error instanceof Error ? error.message : String(error);
}

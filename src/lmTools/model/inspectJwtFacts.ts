/**
 * konexus_inspectJwt's result: what the Token Inspector would say about a pasted JWT (its kind, times state,
 * issuer, claims as the tree shows them), with the token itself redacted. Pure (no runtime `vscode` import).
 * The signature is not checked here (that needs the issuer's keys, fetched by the inspector): the result says so.
 */
import * as l10n from '@vscode/l10n';
import { decodeJwt } from '../../core/jwt';
import type { Redactor } from '../../core/redact';
import { inspectResult } from '../../inspector/model/inspectionNodes';
import type { InspectResult } from '../../inspector/model/inspectCommandIo';

export type InspectJwtFacts = InspectResult & { readonly signatureChecked: false };

export function inspectJwtFacts(text: unknown, nowMs: number, redactor: Redactor): InspectJwtFacts | { readonly ok: false; readonly code: string; readonly message: string } {
  const decoded = decodeJwt(typeof text === 'string' ? text : '');
  const keys = l10n.t('not verified: the chat tool does not fetch keys; run "Konexus: Inspect Token" to check the signature');
  const result = decoded.ok
    ? inspectResult({ kind: 'token', token: decoded.token, origin: 'argument', keys }, nowMs)
    : inspectResult({ kind: 'malformed', error: decoded, origin: 'argument' }, nowMs);
  // Labels and descriptions never hold the raw token (inspectionModel.ts), but a claim may hold another token
  // or a secret: everything passes the Redactor, and the raw text is cut out as it is.
  const raw = typeof text === 'string' ? text.trim() : '';
  const redacted = JSON.parse(redactor.redact(raw.length >= 16 ? JSON.stringify(result).split(raw).join('«token»') : JSON.stringify(result))) as InspectResult;
  return redacted.ok ? { ...redacted, signatureChecked: false } : redacted;
}

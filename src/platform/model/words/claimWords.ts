/**
 * Claims and their times in words: why a time claim is unusable, what kind a token is, and every claim made
 * readable for the inspector's tree (Konexus' own claims get names such as "Tenant", stringly-typed values
 * get their meaning, "false" → "No", times become dates). Values are shown, never interpreted for trust.
 */
import * as l10n from '@vscode/l10n';
import { clipLine } from './clipLine';
import { claimNames, splitSpaces, type TokenKind } from '../../../core/jwt/claims';
import type { JwtObject } from '../../../core/jwt/decode';
import { readNumericDate, type NumericDateProblem, type TimeProblem } from '../../../core/jwt/times';
import { jsonTypeText } from './decodeWords';
import { formatRelative, formatUtc, isoFromSeconds } from './timeWords';

/** Why a time claim (exp, nbf, iat) is not a usable NumericDate, in words. */
export function numericDateProblemText(problem: NumericDateProblem): string {
  const name = problem.claim;
  switch (problem.kind) {
    case 'digit_string':
      return l10n.t('{0} is a string of digits, not a number of seconds; servers reject such a token.', name);
    case 'not_number':
      return l10n.t({ message: '{0} is {1}, not a number of seconds; servers reject such a token.', args: [name, jsonTypeText(problem.type)], comment: ['{0} is a claim name such as exp; {1} is "null", "an array", "a string", "a boolean" or "an object"'] });
    case 'not_finite':
      return l10n.t('{0} is not a finite number.', name);
    case 'before_1970':
      return l10n.t('{0} is {1}, a time before 1970: not a real {0}.', name, problem.value);
    case 'milliseconds':
      return l10n.t('{0} is {1}, past the year 9999. It looks like milliseconds ({2}); a NumericDate is in seconds.', name, problem.value, formatUtc(new Date(problem.value)));
    case 'past_9999':
      return l10n.t('{0} is {1}, past the year 9999.', name, problem.value);
  }
}

/** A time claim the hover and the inspector cannot judge (describeTimes' problems), in words. */
export function timeProblemText(problem: TimeProblem): string {
  switch (problem.kind) {
    case 'not_numeric_date': return numericDateProblemText(problem.problem);
    case 'unknown_now': return l10n.t('The current time is unknown, so the token\'s times cannot be judged.');
  }
}

/** A TokenKind in the display language. */
export function tokenKindLabel(kind: TokenKind): string {
  switch (kind) {
    case 'Access token (at+jwt)': return l10n.t('Access token (at+jwt)');
    case 'Access token': return l10n.t('Access token');
    case 'ID token': return l10n.t('ID token');
    case 'JWT': return 'JWT';
  }
}

export interface ReadableClaim {
  /** The claim name as in the token. */
  readonly key: string;
  /** What a person calls it: "Tenant" for tenantId. The key itself for claims we do not know. */
  readonly label: string;
  /** One line of text, at most MAX_DISPLAY_LENGTH characters, no control characters. */
  readonly display: string;
  /** The value as decoded from the token. */
  readonly raw: unknown;
  /** A second line when the value needs one: "3 h ago", "sent as the text \"false\"". */
  readonly hint?: string;
}

export interface ReadableClaimsOptions {
  /** When given, time claims get a relative hint ("in 42 min"). */
  readonly nowMs?: number;
}

export const MAX_DISPLAY_LENGTH = 200;

type ClaimKind = 'text' | 'time' | 'list' | 'flag';

/**
 * Known claims, in the order a reader wants them: who issued it, for whom, what it allows, when. Labels are
 * functions: they are translated when shown, after the glue has loaded the translations.
 */
const KNOWN: ReadonlyArray<readonly [key: string, label: () => string, kind: ClaimKind]> = [
  ['iss', () => l10n.t('Issuer'), 'text'],
  ['sub', () => l10n.t('Subject'), 'text'],
  ['name', () => l10n.t('Name'), 'text'],
  ['client_id', () => l10n.t('Client'), 'text'],
  ['azp', () => l10n.t('Authorized party'), 'text'],
  ['aud', () => l10n.t('Audience'), 'list'],
  ['scope', () => l10n.t('Scopes'), 'list'],
  ['scp', () => l10n.t('Scopes'), 'list'],
  ['tenantId', () => l10n.t('Tenant'), 'text'],
  ['globalTenantId', () => l10n.t('Global tenant'), 'text'],
  ['admin', () => l10n.t('Admin'), 'flag'],
  ['role', () => l10n.t('Roles'), 'list'],
  ['roles', () => l10n.t('Roles'), 'list'],
  ['exp', () => l10n.t('Expires'), 'time'],
  ['nbf', () => l10n.t('Not before'), 'time'],
  ['iat', () => l10n.t('Issued at'), 'time'],
  ['auth_time', () => l10n.t('Authenticated at'), 'time'],
  ['jti', () => l10n.t('Token ID'), 'text'],
  ['sid', () => l10n.t('Session'), 'text'],
  ['idp', () => l10n.t('Identity provider'), 'text'],
  ['amr', () => l10n.t('Authentication methods'), 'list'],
  ['nonce', () => l10n.t('Nonce'), 'text'],
];
const KNOWN_BY_KEY = new Map(KNOWN.map(([key, label, kind]) => [key, { label, kind }]));

/** Every claim of the token, known ones first in a reading order, then the rest as the token has them. */
export function readableClaims(claims: JwtObject, options: ReadableClaimsOptions = {}): ReadableClaim[] {
  const result: ReadableClaim[] = [];
  const own = claimNames(claims);
  const present = new Set(own);
  for (const [key] of KNOWN) if (present.has(key)) result.push(readable(claims, key, options));
  for (const key of own) if (!KNOWN_BY_KEY.has(key)) result.push(readable(claims, key, options));
  return result;
}

function readable(claims: JwtObject, key: string, options: ReadableClaimsOptions): ReadableClaim {
  const raw = claims[key];
  const known = KNOWN_BY_KEY.get(key);
  const label = known?.label() ?? key;
  const base = { key, label, raw };
  switch (known?.kind) {
    case 'time': {
      const { seconds, problem } = readNumericDate(claims, key);
      if (seconds === undefined) return { ...base, display: displayValue(raw), hint: problem ? numericDateProblemText(problem) : l10n.t('not a date') };
      const hint = options.nowMs !== undefined && Number.isFinite(options.nowMs)
        ? l10n.t({ message: '{0}, NumericDate {1}', args: [formatRelative(seconds * 1000 - options.nowMs), seconds], comment: ['{0} is a time such as "in 42 min"; {1} is a number of seconds'] })
        : l10n.t('NumericDate {0}', seconds);
      return { ...base, display: isoFromSeconds(seconds), hint };
    }
    case 'list': {
      if (typeof raw === 'string') {
        const items = splitSpaces(raw);
        // aud is one value even with spaces in it; scope-like claims are space-separated lists.
        const list = key === 'aud' ? [raw] : items;
        return { ...base, display: clipLine(list.join(', '), MAX_DISPLAY_LENGTH), ...(list.length > 1 && { hint: l10n.t('sent as a space-separated string') }) };
      }
      if (Array.isArray(raw)) return { ...base, display: clipLine(raw.map(displayValue).join(', '), MAX_DISPLAY_LENGTH) };
      return { ...base, display: displayValue(raw) };
    }
    case 'flag': {
      const hint = typeof raw === 'string' && { hint: l10n.t('sent as the text "{0}"', raw) };
      if (raw === true || raw === 'true' || raw === 'True') return { ...base, display: l10n.t('Yes'), ...hint };
      if (raw === false || raw === 'false' || raw === 'False') return { ...base, display: l10n.t('No'), ...hint };
      return { ...base, display: displayValue(raw) };
    }
    default:
      return { ...base, display: displayValue(raw) };
  }
}

/** Any JSON value as one safe line of text. */
function displayValue(value: unknown): string {
  if (typeof value === 'string') return clipLine(value, MAX_DISPLAY_LENGTH);
  if (value === undefined) return l10n.t('(none)');
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return clipLine(json ?? String(typeof value), MAX_DISPLAY_LENGTH);
}


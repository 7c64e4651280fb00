/**
 * Verifying a token the way the Konexus docs ask (signature against the issuer's keys, then typ, iss, aud,
 * exp, nbf) and saying, check by check, what passed and what did not. jose checks the signature and the
 * algorithm; the claims are checked here one by one so that each failure has its own sentence rather
 * than jwtVerify's first-error-wins exception. Never throws: every failure is a failed check.
 */
import * as l10n from '@vscode/l10n';
import { compactVerify, errors, importJWK, importSPKI, importX509 } from 'jose';
import type { CryptoKey, JWK, JWSHeaderParameters, FlattenedJWSInput } from 'jose';
import { audiencesOf, normalizeTyp } from './claims';
import { decodeJwt } from './decode';
import type { DecodedJwt, JwtDecodeError } from './decode';
import { JwksFetchError } from './jwks';
import type { JwksCache } from './jwks';
import { readNumericDate } from './times';
import { formatDuration, formatRelative, formatUtc } from './timeText';

export type CheckId = 'signature' | 'alg' | 'typ' | 'iss' | 'aud' | 'exp' | 'nbf';
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** A sentence for a person: "expired 3 h ago (exp 2025-07-29 20:20:42 UTC)". Formatted when first read. */
  readonly reason: string;
}

export interface VerificationReport {
  /** True only when the signature was checked and passed and no other check failed. */
  readonly valid: boolean;
  /** Always all seven checks, in CheckId order. */
  readonly checks: readonly Check[];
  readonly kid?: string;
  /** Where the key came from, for display: "JWKS https://…", "PEM public key", "none". */
  readonly keySource: string;
  /** Set when the token did not decode; every check then fails or is skipped for that reason. */
  readonly decodeError?: Pick<JwtDecodeError, 'code' | 'message'>;
}

export type KeySource =
  | { readonly kind: 'jwks'; readonly jwksUri: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'jwk'; readonly jwk: JsonWebKey }
  | { readonly kind: 'none' };

export interface Expectations {
  /** iss must equal this exactly (the discovered issuer). Unset: iss is not checked. */
  readonly issuer?: string;
  /** aud must be or contain this. Unset: aud is not checked. */
  readonly audience?: string;
  /** Expected header typ, compared as a media type. Default 'at+jwt' (RFC 9068); null: not checked. */
  readonly typ?: string | null;
  /** Allowed clock difference for exp and nbf. Default 60. */
  readonly clockToleranceSeconds?: number;
  /** Allowed algorithms; only asymmetric ones are honoured (HS*, none are always refused). */
  readonly algorithms?: readonly string[];
}

export interface VerifyDeps {
  readonly jwks: JwksCache;
  /** "Now" for exp and nbf, in ms since the epoch. Passed in so tests never sleep. */
  readonly nowMs: number;
}

/** Algorithms a signed access token may use: RSA, RSA-PSS, ECDSA, EdDSA. Never HMAC, never none. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];
const DEFAULT_TYP = 'at+jwt';
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

const CHECK_ORDER: readonly CheckId[] = ['signature', 'alg', 'typ', 'iss', 'aud', 'exp', 'nbf'];

export async function verifyJwt(token: string, keys: KeySource, expected: Expectations, deps: VerifyDeps): Promise<VerificationReport> {
  const keySource = describeKeySource(keys);
  try {
    return await verifyDecoded(token, keys, expected, deps, keySource);
  } catch (error) {
    // Belt and braces: a bug or a jose surprise still becomes a report, never a rejected promise.
    const reason = l10n.t('verification stopped unexpectedly: {0}', messageOf(error));
    return { valid: false, keySource, checks: CHECK_ORDER.map(id => (id === 'signature' ? fail(id, reason) : skip(id, () => l10n.t('not checked: verification stopped')))) };
  }
}

async function verifyDecoded(token: string, keys: KeySource, expected: Expectations, deps: VerifyDeps, keySource: string): Promise<VerificationReport> {
  const decoded = decodeJwt(token);
  if (!decoded.ok) {
    const checks = CHECK_ORDER.map(id => (id === 'signature' ? fail(id, () => l10n.t('the token does not decode: {0}', decoded.message)) : skip(id, () => l10n.t('not checked: the token does not decode'))));
    return { valid: false, checks, keySource, decodeError: { code: decoded.code, message: decoded.message } };
  }
  const jwt = decoded.token;
  const allowed = allowedAlgorithms(expected.algorithms);
  const alg = checkAlg(jwt.alg, allowed);
  const signature = alg.status === 'pass'
    ? await checkSignature(jwt, keys, allowed, deps.jwks)
    : fail('signature', () => l10n.t('not verified: alg {0} is refused (see alg)', clip(jwt.alg)));
  const tolerance = toleranceOf(expected.clockToleranceSeconds);

  const expectedTyp = expected.typ === undefined ? DEFAULT_TYP : expected.typ;
  const checks: Check[] = [
    signature,
    alg,
    checkTyp(jwt, expectedTyp),
    checkIss(jwt, expected.issuer),
    checkAud(jwt, expected.audience),
    checkExp(jwt, deps.nowMs, tolerance, expectedTyp !== null && normalizeTyp(expectedTyp) === DEFAULT_TYP),
    checkNbf(jwt, deps.nowMs, tolerance),
  ];
  const valid = signature.status === 'pass' && checks.every(c => c.status !== 'fail');
  return { valid, checks, keySource, ...(jwt.kid !== undefined && { kid: jwt.kid }) };
}

function allowedAlgorithms(requested: readonly string[] | undefined): readonly string[] {
  if (!requested) return ASYMMETRIC_ALGORITHMS;
  return requested.filter(a => ASYMMETRIC_ALGORITHMS.includes(a));
}

function checkAlg(alg: string, allowed: readonly string[]): Check {
  if (alg.toLowerCase() === 'none') {
    return fail('alg', () => l10n.t('alg is none: the token is unsigned, and an unsigned token must never be accepted'));
  }
  if (/^HS(256|384|512)$/i.test(alg)) {
    return fail('alg', () => l10n.t('alg {0} is an HMAC (shared-secret) algorithm, which the issuer does not use: verifying {0} with the issuer\'s RSA public key as the secret is the classic key-confusion attack, so it is refused', alg));
  }
  if (!allowed.includes(alg)) {
    const list = allowed.length ? allowed.join(', ') : l10n.t('none (no asymmetric algorithm was allowed)');
    return fail('alg', () => l10n.t('alg {0} is not an allowed algorithm (allowed: {1})', clip(alg), list));
  }
  return pass('alg', () => l10n.t('alg {0} is allowed', alg));
}

// ---------------------------------------------------------------------------------------------------
// signature

type GetKey = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

async function checkSignature(jwt: DecodedJwt, keys: KeySource, allowed: readonly string[], jwksCache: JwksCache): Promise<Check> {
  if (keys.kind === 'none') return skip('signature', () => l10n.t("the issuer's keys are not known: signature not checked"));
  if (keys.kind !== 'jwks' && keys.kind !== 'pem' && keys.kind !== 'jwk') return fail('signature', () => l10n.t('the key source is not one of jwks, pem, jwk or none'));
  if (jwt.signature.length === 0) return fail('signature', () => l10n.t('the token has no signature (its third segment is empty)'));

  let getKey: GetKey;
  let onNoMatchingKey: () => string;
  let signedBy: () => string;
  if (keys.kind === 'jwks') {
    const lookup = jwksCache.keySetFor(keys.jwksUri);
    if (!lookup.ok) return fail('signature', lookup.reason);
    const { keySet, url, cooldownMs } = lookup;
    // jose only refetches for an unknown kid after the cooldown: say so when that is why it did not.
    // `fresh` is a flag; `jwks()` would deep-copy the whole key set on every verification.
    const hadKeys = keySet.fresh;
    const coolingDown = keySet.coolingDown;
    getKey = keySet;
    signedBy = () => (jwt.kid === undefined ? l10n.t('a key from {0}', url.href) : l10n.t('kid {0} from {1}', clip(jwt.kid), url.href));
    onNoMatchingKey = () => {
      const args = { url: url.href, alg: jwt.alg, kid: clip(jwt.kid ?? ''), cooldown: formatDuration(cooldownMs) };
      if (jwt.kid === undefined) {
        if (!hadKeys) return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg} (the key set was fetched just now)", args);
        if (coolingDown) return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg}; the key set was fetched less than {cooldown} ago, so it was not fetched again", args);
        return l10n.t("the token has no kid, and no key in the issuer's key set ({url}) fits alg {alg}; the key set was fetched again and still lacks it", args);
      }
      if (!hadKeys) return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg} (the key set was fetched just now)", args);
      if (coolingDown) return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg}; the key set was fetched less than {cooldown} ago, so it was not fetched again", args);
      return l10n.t("kid {kid} is not in the issuer's key set ({url}) for alg {alg}; the key set was fetched again and still lacks it", args);
    };
  } else {
    const imported = keys.kind === 'pem' ? await importPem(keys.pem, jwt.alg) : await importJwkKey(keys.jwk, jwt.alg);
    if (!imported.ok) return fail('signature', imported.reason);
    const { key } = imported;
    getKey = async () => key;
    signedBy = keys.kind === 'pem' ? () => l10n.t('the given PEM key') : () => l10n.t('the given JWK');
    onNoMatchingKey = () => l10n.t('the given key does not fit the token');
  }

  try {
    await compactVerify(jwt.raw, getKey, { algorithms: allowed as string[] });
    return pass('signature', () => l10n.t({ message: 'the signature is valid: signed by {0}', args: [signedBy()], comment: ['{0} is "kid X from URL", "a key from URL", "the given PEM key" or "the given JWK"'] }));
  } catch (error) {
    // Which key did not match: asked again only on this path (the key set answers from its cache).
    const usedKey = error instanceof errors.JWSSignatureVerificationFailed ? await keyOf(getKey, jwt) : undefined;
    return fail('signature', signatureFailure(error, jwt, keys, usedKey, onNoMatchingKey));
  }
}

async function keyOf(getKey: GetKey, jwt: DecodedJwt): Promise<CryptoKey | undefined> {
  const [protectedHeader = '', payload = '', signature = ''] = jwt.raw.split('.');
  try {
    return await getKey(jwt.header as JWSHeaderParameters, { protected: protectedHeader, payload, signature });
  } catch {
    return undefined;
  }
}

function signatureFailure(error: unknown, jwt: DecodedJwt, keys: KeySource, usedKey: CryptoKey | undefined, onNoMatchingKey: () => string): string {
  if (error instanceof JwksFetchError) return error.message;
  if (error instanceof errors.JWKSNoMatchingKey) return onNoMatchingKey();
  if (error instanceof errors.JWKSMultipleMatchingKeys) return jwt.kid === undefined
      ? l10n.t("more than one key in the issuer's key set fits alg {0}, so the signing key cannot be told apart", jwt.alg)
      : l10n.t("more than one key in the issuer's key set fits kid {0}, so the signing key cannot be told apart", clip(jwt.kid));
  if (error instanceof errors.JWKSTimeout) return l10n.t("the issuer's key set did not answer in time");
  if (error instanceof errors.JWKSInvalid) return l10n.t('the issuer\'s key set is not a usable JWKS ({0}): expected {1}', error.message, '{"keys": [public keys…]}');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    const length = signatureLengthProblem(jwt, usedKey);
    if (length) return length;
    const kidNote = keys.kind === 'jwk' && typeof (keys.jwk as { kid?: unknown }).kid === 'string' && jwt.kid !== undefined && (keys.jwk as { kid: string }).kid !== jwt.kid
      ? { jwkKid: clip((keys.jwk as { kid: string }).kid), tokenKid: clip(jwt.kid) }
      : undefined;
    return kidNote
      ? l10n.t("the signature does not match the header and payload: the token was altered after signing, or signed with another key (the JWK's kid is {jwkKid}, the token's is {tokenKid})", kidNote)
      : l10n.t('the signature does not match the header and payload: the token was altered after signing, or signed with another key');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return l10n.t('alg {0} is not allowed', clip(jwt.alg));
  // Key/alg mismatches (an RSA key for ES256, a 1024-bit RSA key) surface as TypeError or JOSENotSupported.
  return l10n.t('the signature could not be checked: {0}', messageOf(error));
}

/** A signature of the wrong length means a cut or padded token; say that rather than "does not match". */
function signatureLengthProblem(jwt: DecodedJwt, key: CryptoKey | undefined): string | undefined {
  if (!key) return undefined;
  const expectedBytes = expectedSignatureBytes(jwt.alg, key);
  if (expectedBytes === undefined) return undefined;
  const actualBytes = Math.floor((jwt.signature.length * 3) / 4);
  if (actualBytes === expectedBytes) return undefined;
  return l10n.t('the signature is {0} bytes, but a {1} signature from this key is {2} bytes: the token was probably cut short or run together with other text', actualBytes, jwt.alg, expectedBytes);
}

function expectedSignatureBytes(alg: string, key: CryptoKey): number | undefined {
  if (/^(RS|PS)\d{3}$/.test(alg)) {
    const bits = (key.algorithm as { modulusLength?: unknown }).modulusLength;
    return typeof bits === 'number' ? Math.ceil(bits / 8) : undefined;
  }
  const fixed: Record<string, number> = { ES256: 64, ES384: 96, ES512: 132, EdDSA: 64, Ed25519: 64 };
  return fixed[alg];
}

type Imported = { ok: true; key: CryptoKey } | { ok: false; reason: string };

async function importPem(pem: string, alg: string): Promise<Imported> {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/.exec(pem.length > 65_536 ? '' : pem);
  if (!block) return { ok: false, reason: l10n.t('the key is not PEM text (expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----)') };
  const label = block[1]!;
  const text = block[0];
  try {
    if (label === 'CERTIFICATE') return { ok: true, key: await importX509(text, alg) };
    if (label === 'PUBLIC KEY') return { ok: true, key: await importSPKI(text, alg) };
  } catch (error) {
    return { ok: false, reason: l10n.t('the PEM {0} cannot verify {1}: {2}', label.toLowerCase(), alg, messageOf(error)) };
  }
  if (label.includes('PRIVATE KEY')) {
    return { ok: false, reason: l10n.t('the PEM is a private key: give the public key (BEGIN PUBLIC KEY) or the certificate instead; a private key should not leave the server') };
  }
  if (label === 'RSA PUBLIC KEY') {
    return { ok: false, reason: l10n.t('the PEM is a PKCS#1 RSA public key: convert it to SPKI (BEGIN PUBLIC KEY), e.g. openssl rsa -RSAPublicKey_in -in key.pem -pubout') };
  }
  return { ok: false, reason: l10n.t('a PEM "{0}" is not a public key or certificate', clip(label)) };
}

async function importJwkKey(jwk: JsonWebKey, alg: string): Promise<Imported> {
  if (typeof jwk !== 'object' || jwk === null) return { ok: false, reason: l10n.t('the JWK is not a JSON object') };
  if (jwk.kty === 'oct') return { ok: false, reason: l10n.t('the JWK is a symmetric (oct) key: shared-secret keys are refused, the issuer signs with a public/private key pair') };
  if (jwk.d !== undefined) return { ok: false, reason: l10n.t("the JWK contains private key material ('d'): give the public key only; a private key should not leave the server") };
  try {
    const key = await importJWK(jwk as JWK, alg);
    if (key instanceof Uint8Array) return { ok: false, reason: l10n.t('the JWK is not a public key') };
    return { ok: true, key };
  } catch (error) {
    return { ok: false, reason: l10n.t('the JWK cannot verify {0}: {1}', alg, messageOf(error)) };
  }
}

function describeKeySource(keys: KeySource): string {
  switch (keys?.kind) {
    case 'jwks': return `JWKS ${clip(String(keys.jwksUri))}`;
    case 'pem': return /BEGIN CERTIFICATE/.test(String(keys.pem)) ? l10n.t('PEM certificate') : l10n.t('PEM public key');
    case 'jwk': {
      const kid = (keys.jwk as { kid?: unknown } | null)?.kid;
      return typeof kid === 'string' ? `JWK (kid ${clip(kid)})` : 'JWK';
    }
    case 'none': return 'none'; // a value the inspector compares, not shown
    default: return l10n.t('unknown');
  }
}

// ---------------------------------------------------------------------------------------------------
// claims

function checkTyp(jwt: DecodedJwt, expected: string | null): Check {
  if (expected === null) return skip('typ', () => l10n.t('no typ expected: typ not checked'));
  const typ = jwt.header['typ'];
  if (typ === undefined) return fail('typ', () => l10n.t("typ is missing, expected '{0}'", expected));
  if (typeof typ !== 'string') return fail('typ', () => l10n.t("typ is not text, expected '{0}'", expected));
  if (normalizeTyp(typ) === normalizeTyp(expected)) return pass('typ', () => l10n.t("typ is '{0}'", clip(typ)));
  return normalizeTyp(expected) === DEFAULT_TYP && normalizeTyp(typ) === 'jwt'
    ? fail('typ', () => l10n.t("typ is '{0}', expected '{1}': an ID token or a generic JWT, not an RFC 9068 access token", clip(typ), expected))
    : fail('typ', () => l10n.t("typ is '{0}', expected '{1}'", clip(typ), expected));
}

function checkIss(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('iss', () => l10n.t('no issuer expected: iss not checked'));
  const iss = jwt.claims['iss'];
  if (iss === undefined) return fail('iss', () => l10n.t("iss is missing, expected '{0}'", expected));
  if (typeof iss !== 'string') return fail('iss', () => l10n.t("iss is not text, expected '{0}'", expected));
  if (iss === expected) return pass('iss', () => l10n.t("iss is '{0}'", clip(iss)));
  return iss.replace(/\/$/, '') === expected.replace(/\/$/, '')
    ? fail('iss', () => l10n.t("iss is '{0}', expected '{1}' (they differ only by a trailing slash, and issuers are compared exactly)", clip(iss), expected))
    : fail('iss', () => l10n.t("iss is '{0}', expected '{1}'", clip(iss), expected));
}

function checkAud(jwt: DecodedJwt, expected: string | undefined): Check {
  if (expected === undefined) return skip('aud', () => l10n.t('no audience expected: aud not checked'));
  const raw = jwt.claims['aud'];
  if (raw === undefined) return fail('aud', () => l10n.t("aud is missing, expected '{0}'", expected));
  const audiences = audiencesOf(jwt.claims);
  const shown = () => Array.isArray(raw) ? `[${audiences.map(a => `'${clip(a)}'`).join(', ')}]` : typeof raw === 'string' ? `'${clip(raw)}'` : l10n.t('not text');
  if (audiences.includes(expected)) return pass('aud', () => l10n.t('aud is {0}', shown()));
  return fail('aud', () => l10n.t("aud is {0}, expected '{1}'", shown(), expected));
}

function checkExp(jwt: DecodedJwt, nowMs: number, toleranceS: number, required: boolean): Check {
  const { seconds: exp, problem } = readNumericDate(jwt.claims, 'exp');
  if (problem) return fail('exp', problem);
  if (exp === undefined) {
    return required
      ? fail('exp', () => l10n.t('exp is missing: an access token (RFC 9068) must have an expiry'))
      : skip('exp', () => l10n.t('no exp claim: the token does not expire'));
  }
  // A NaN "now" would make every comparison below false, and so the check a pass.
  if (!Number.isFinite(nowMs)) return fail('exp', () => l10n.t('the current time is unknown, so exp cannot be checked'));
  const expMs = exp * 1000;
  const at = () => `(exp ${formatUtc(new Date(expMs))})`;
  if (nowMs >= expMs + toleranceS * 1000) return fail('exp', () => l10n.t('expired {0} ago {1}', formatDuration(nowMs - expMs), at()));
  if (nowMs >= expMs) return pass('exp', () => l10n.t('expired {0} ago, within the {1} s clock tolerance {2}', formatDuration(nowMs - expMs), toleranceS, at()));
  return pass('exp', () => l10n.t({ message: 'expires {0} {1}', args: [formatRelative(expMs - nowMs), at()], comment: ['{0} is a time such as "in 42 min"; {1} is "(exp 2025-07-29 20:20:42 UTC)"'] }));
}

function checkNbf(jwt: DecodedJwt, nowMs: number, toleranceS: number): Check {
  const { seconds: nbf, problem } = readNumericDate(jwt.claims, 'nbf');
  if (problem) return fail('nbf', problem);
  if (nbf === undefined) return skip('nbf', () => l10n.t('no nbf claim'));
  if (!Number.isFinite(nowMs)) return fail('nbf', () => l10n.t('the current time is unknown, so nbf cannot be checked'));
  const nbfMs = nbf * 1000;
  const at = () => `(nbf ${formatUtc(new Date(nbfMs))})`;
  if (nowMs < nbfMs - toleranceS * 1000) {
    return fail('nbf', () => l10n.t("not valid yet: becomes valid {0}, beyond the {1} s clock tolerance {2}; is this computer's clock right?", formatRelative(nbfMs - nowMs), toleranceS, at()));
  }
  if (nowMs < nbfMs) return pass('nbf', () => l10n.t('becomes valid {0}, within the {1} s clock tolerance {2}', formatRelative(nbfMs - nowMs), toleranceS, at()));
  return pass('nbf', () => l10n.t('became valid {0} {1}', formatRelative(nbfMs - nowMs), at()));
}

function toleranceOf(seconds: number | undefined): number {
  if (seconds === undefined || !Number.isFinite(seconds)) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  return Math.max(0, seconds);
}

// ---------------------------------------------------------------------------------------------------

/**
 * A reason is formatted when it is first read, not when the check is made: the token service and the
 * hover only need the statuses, and the seven sentences cost more than the claim checks themselves
 * (BENCHMARKS.md, row 3). Read once, the text is kept; a formatter that throws still gives a sentence.
 */
type Reason = string | (() => string);

class LazyCheck implements Check {
  #text: string | undefined;
  #format: (() => string) | undefined;

  constructor(readonly id: CheckId, readonly status: CheckStatus, reason: Reason) {
    if (typeof reason === 'string') this.#text = reason;
    else this.#format = reason;
  }

  get reason(): string {
    if (this.#text === undefined) {
      try {
        this.#text = this.#format!();
      } catch (error) {
        this.#text = l10n.t('the reason could not be formatted: {0}', messageOf(error));
      }
      this.#format = undefined;
    }
    return this.#text;
  }

  /** A plain object for JSON, logs and messages: the getter is not an own property. */
  toJSON(): { id: CheckId; status: CheckStatus; reason: string } {
    return { id: this.id, status: this.status, reason: this.reason };
  }
}

function pass(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'pass', reason);
}
function fail(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'fail', reason);
}
function skip(id: CheckId, reason: Reason): Check {
  return new LazyCheck(id, 'skip', reason);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Claim and header values are shown in reasons; keep them to one short line. */
function clip(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * The signature check: the key from the issuer's key set (JWKS, through the cache), a PEM or a JWK; jose
 * verifies; a failure says which key was tried and, where it can, why it did not fit.
 */
import * as l10n from '@vscode/l10n';
import { compactVerify, errors, importJWK, importSPKI, importX509 } from 'jose';
import type { CryptoKey, JWK, JWSHeaderParameters, FlattenedJWSInput } from 'jose';
import { clip, fail, messageOf, pass, skip, type Check } from './checks';
import type { DecodedJwt } from './decode';
import { JwksFetchError } from './jwks';
import type { JwksCache } from './jwks';
import { formatDuration } from '../../platform/model/words/timeWords';

export type KeySource =
  | { readonly kind: 'jwks'; readonly jwksUri: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'jwk'; readonly jwk: JsonWebKey }
  | { readonly kind: 'none' };

type GetKey = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export async function checkSignature(jwt: DecodedJwt, keys: KeySource, allowed: readonly string[], jwksCache: JwksCache): Promise<Check> {
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

export function describeKeySource(keys: KeySource): string {
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

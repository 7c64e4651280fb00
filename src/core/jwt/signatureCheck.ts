/**
 * The signature check: the key from the issuer's key set (JWKS, through the cache), a PEM or a JWK; jose
 * verifies; a failure says (as a value, checkWhy.ts) which key was tried and, where it can, why it did not fit.
 */
import { compactVerify, errors, importJWK, importSPKI, importX509 } from 'jose';
import type { CryptoKey, JWK, JWSHeaderParameters, FlattenedJWSInput } from 'jose';
import { fail, messageOf, pass, skip, type Check } from './checks';
import type { CheckWhy, KeyImportProblem, KeySourceLabel, Signer } from './checkWhy';
import type { DecodedJwt } from './decode';
import { JwksFetchError } from './jwks';
import type { JwksCache } from './jwks';

export type KeySource =
  | { readonly kind: 'jwks'; readonly jwksUri: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'jwk'; readonly jwk: JsonWebKey }
  | { readonly kind: 'none' };

type GetKey = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export async function checkSignature(jwt: DecodedJwt, keys: KeySource, allowed: readonly string[], jwksCache: JwksCache): Promise<Check> {
  if (keys.kind === 'none') return skip('signature', { kind: 'keysUnknown' });
  if (keys.kind !== 'jwks' && keys.kind !== 'pem' && keys.kind !== 'jwk') return fail('signature', { kind: 'keySourceInvalid' });
  if (jwt.signature.length === 0) return fail('signature', { kind: 'signatureEmpty' });

  let getKey: GetKey;
  let noMatchingKey: CheckWhy;
  let signer: Signer;
  if (keys.kind === 'jwks') {
    const lookup = jwksCache.keySetFor(keys.jwksUri);
    if (!lookup.ok) return fail('signature', { kind: 'keySetRefused', problem: lookup.why });
    const { keySet, url, cooldownMs } = lookup;
    // jose only refetches for an unknown kid after the cooldown: say so when that is why it did not.
    // `fresh` is a flag; `jwks()` would deep-copy the whole key set on every verification.
    const keySetAge = !keySet.fresh ? 'fetchedNow' : keySet.coolingDown ? 'coolingDown' : 'refetched';
    getKey = keySet;
    signer = { kind: 'jwks', url: url.href, ...(jwt.kid !== undefined && { kid: jwt.kid }) };
    noMatchingKey = { kind: 'noMatchingKey', url: url.href, alg: jwt.alg, ...(jwt.kid !== undefined && { kid: jwt.kid }), keySet: keySetAge, cooldownMs };
  } else {
    const imported = keys.kind === 'pem' ? await importPem(keys.pem, jwt.alg) : await importJwkKey(keys.jwk, jwt.alg);
    if (!imported.ok) return fail('signature', { kind: 'keyImport', problem: imported.why });
    const { key } = imported;
    getKey = async () => key;
    signer = { kind: keys.kind };
    noMatchingKey = { kind: 'keyDoesNotFit' };
  }

  try {
    await compactVerify(jwt.raw, getKey, { algorithms: allowed as string[] });
    return pass('signature', { kind: 'signatureValid', signer });
  } catch (error) {
    // Which key did not match: asked again only on this path (the key set answers from its cache).
    const usedKey = error instanceof errors.JWSSignatureVerificationFailed ? await keyOf(getKey, jwt) : undefined;
    return fail('signature', signatureFailure(error, jwt, keys, usedKey, noMatchingKey));
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

function signatureFailure(error: unknown, jwt: DecodedJwt, keys: KeySource, usedKey: CryptoKey | undefined, noMatchingKey: CheckWhy): CheckWhy {
  if (error instanceof JwksFetchError) return { kind: 'keySetFetch', problem: error.why };
  if (error instanceof errors.JWKSNoMatchingKey) return noMatchingKey;
  if (error instanceof errors.JWKSMultipleMatchingKeys) return { kind: 'multipleMatchingKeys', alg: jwt.alg, ...(jwt.kid !== undefined && { kid: jwt.kid }) };
  if (error instanceof errors.JWKSTimeout) return { kind: 'keySetTimeout' };
  if (error instanceof errors.JWKSInvalid) return { kind: 'keySetInvalid', detail: error.message };
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    const length = signatureLengthProblem(jwt, usedKey);
    if (length) return length;
    const jwkKid = keys.kind === 'jwk' ? (keys.jwk as { kid?: unknown }).kid : undefined;
    return typeof jwkKid === 'string' && jwt.kid !== undefined && jwkKid !== jwt.kid
      ? { kind: 'signatureMismatch', kids: { jwk: jwkKid, token: jwt.kid } }
      : { kind: 'signatureMismatch' };
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return { kind: 'algNotAllowedByKey', alg: jwt.alg };
  // Key/alg mismatches (an RSA key for ES256, a 1024-bit RSA key) surface as TypeError or JOSENotSupported.
  return { kind: 'signatureUncheckable', detail: messageOf(error) };
}

/** A signature of the wrong length means a cut or padded token; say that rather than "does not match". */
function signatureLengthProblem(jwt: DecodedJwt, key: CryptoKey | undefined): CheckWhy | undefined {
  if (!key) return undefined;
  const expectedBytes = expectedSignatureBytes(jwt.alg, key);
  if (expectedBytes === undefined) return undefined;
  const actualBytes = Math.floor((jwt.signature.length * 3) / 4);
  if (actualBytes === expectedBytes) return undefined;
  return { kind: 'signatureLength', actualBytes, alg: jwt.alg, expectedBytes };
}

function expectedSignatureBytes(alg: string, key: CryptoKey): number | undefined {
  if (/^(RS|PS)\d{3}$/.test(alg)) {
    const bits = (key.algorithm as { modulusLength?: unknown }).modulusLength;
    return typeof bits === 'number' ? Math.ceil(bits / 8) : undefined;
  }
  const fixed: Record<string, number> = { ES256: 64, ES384: 96, ES512: 132, EdDSA: 64, Ed25519: 64 };
  return fixed[alg];
}

type Imported = { ok: true; key: CryptoKey } | { ok: false; why: KeyImportProblem };

async function importPem(pem: string, alg: string): Promise<Imported> {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/.exec(pem.length > 65_536 ? '' : pem);
  if (!block) return { ok: false, why: { kind: 'pemNotPem' } };
  const label = block[1]!;
  const text = block[0];
  try {
    if (label === 'CERTIFICATE') return { ok: true, key: await importX509(text, alg) };
    if (label === 'PUBLIC KEY') return { ok: true, key: await importSPKI(text, alg) };
  } catch (error) {
    return { ok: false, why: { kind: 'pemCannotVerify', label, alg, detail: messageOf(error) } };
  }
  if (label.includes('PRIVATE KEY')) return { ok: false, why: { kind: 'pemPrivate' } };
  if (label === 'RSA PUBLIC KEY') return { ok: false, why: { kind: 'pemPkcs1' } };
  return { ok: false, why: { kind: 'pemOther', label } };
}

async function importJwkKey(jwk: JsonWebKey, alg: string): Promise<Imported> {
  if (typeof jwk !== 'object' || jwk === null) return { ok: false, why: { kind: 'jwkNotObject' } };
  if (jwk.kty === 'oct') return { ok: false, why: { kind: 'jwkSymmetric' } };
  if (jwk.d !== undefined) return { ok: false, why: { kind: 'jwkPrivate' } };
  try {
    const key = await importJWK(jwk as JWK, alg);
    if (key instanceof Uint8Array) return { ok: false, why: { kind: 'jwkNotPublic' } };
    return { ok: true, key };
  } catch (error) {
    return { ok: false, why: { kind: 'jwkCannotVerify', alg, detail: messageOf(error) } };
  }
}

/** Where the keys come from, as a value (keySourceText says it). Tolerates a malformed source. */
export function describeKeySource(keys: KeySource): KeySourceLabel {
  switch (keys?.kind) {
    case 'jwks': return { kind: 'jwks', uri: String(keys.jwksUri) };
    case 'pem': return { kind: 'pem', certificate: /BEGIN CERTIFICATE/.test(String(keys.pem)) };
    case 'jwk': {
      const kid = (keys.jwk as { kid?: unknown } | null)?.kid;
      return typeof kid === 'string' ? { kind: 'jwk', kid } : { kind: 'jwk' };
    }
    case 'none': return { kind: 'none' };
    default: return { kind: 'unknown' };
  }
}

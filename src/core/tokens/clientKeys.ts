/**
 * The "client key set": the credential of a private_key_jwt profile (RFC 7523 §2.2, OIDC Core §9). It is
 * stored under the same SecretStorage key as a client secret, as one JSON document that only this module
 * makes and reads:
 *
 *   { "konexusClientKeys": 1, "keys": [ { kid, alg, createdAt, privateJwk } ], "pending"?: kid }
 *
 * keys[0] is the key in use. `pending` names a newer key added by rotation that the server has not accepted
 * yet; once a token request signed with it succeeds, promoteClientKey makes it keys[0] and drops the old one.
 * Pure, no I/O. The private JWK never leaves this document; publicJwk/publicJwks give what the client's
 * registration at the server needs. Keys are made and used with WebCrypto directly; the unit tests check the
 * kid against jose's calculateJwkThumbprint and the signatures against jose.
 */
import type { JWK } from 'jose';

export type ClientKeyAlg = 'RS256' | 'ES256';
export const CLIENT_KEY_ALGS: readonly ClientKeyAlg[] = ['RS256', 'ES256'];

export function isClientKeyAlg(value: unknown): value is ClientKeyAlg {
  return CLIENT_KEY_ALGS.includes(value as ClientKeyAlg);
}

export interface ClientKey {
  /** RFC 7638 thumbprint (SHA-256) of the public key: the same key always has the same kid. */
  readonly kid: string;
  readonly alg: ClientKeyAlg;
  /** When it was generated (ms since the epoch). */
  readonly createdAt: number;
  readonly privateJwk: JWK;
}

export interface ClientKeySet {
  readonly konexusClientKeys: 1;
  /** Never empty; keys[0] is in use. */
  readonly keys: readonly ClientKey[];
  /** The kid of a rotated-in key not yet accepted by the server (never keys[0]). */
  readonly pending?: string;
}

/** The members of a public JWK per key type (RFC 7518 §6.2.1, §6.3.1); anything else is left out. */
const PUBLIC_MEMBERS: Record<string, readonly string[]> = { RSA: ['kty', 'n', 'e'], EC: ['kty', 'crv', 'x', 'y'] };
const KTY_OF: Record<ClientKeyAlg, string> = { RS256: 'RSA', ES256: 'EC' };

const WEBCRYPTO: Record<ClientKeyAlg, RsaHashedImportParams | EcKeyImportParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
};

async function newKey(alg: ClientKeyAlg, now: number): Promise<ClientKey> {
  const params = alg === 'RS256'
    ? { ...WEBCRYPTO.RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
    : WEBCRYPTO.ES256;
  const { privateKey } = await crypto.subtle.generateKey(params, true, ['sign', 'verify']) as CryptoKeyPair;
  const { kty, n, e, d, p, q, dp, dq, qi, crv, x, y } = await crypto.subtle.exportKey('jwk', privateKey);
  const privateJwk = (kty === 'RSA' ? { kty, n, e, d, p, q, dp, dq, qi } : { kty, crv, x, y, d }) as JWK;
  return { kid: await thumbprint(privateJwk), alg, createdAt: now, privateJwk };
}

/** RFC 7638: SHA-256 of the required public members in lexicographic order, base64url. */
async function thumbprint(jwk: JWK): Promise<string> {
  const members = [...(PUBLIC_MEMBERS[jwk.kty ?? ''] ?? [])].sort();
  const json = `{${members.map(name => `${JSON.stringify(name)}:${JSON.stringify((jwk as Record<string, unknown>)[name])}`).join(',')}}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json));
  return Buffer.from(digest).toString('base64url');
}

/** A new key set with one RS256 or ES256 key. */
export async function generateClientKey(alg: ClientKeyAlg, now: number): Promise<ClientKeySet> {
  return { konexusClientKeys: 1, keys: [await newKey(alg, now)] };
}

/**
 * Adds a new key and marks it pending; keys[0] stays in use until the new one is proven. A previous pending
 * key that was never proven is dropped (rotating twice before registering means the newest key is the one
 * to register).
 */
export async function rotateClientKey(set: ClientKeySet, alg: ClientKeyAlg, now: number): Promise<ClientKeySet> {
  const key = await newKey(alg, now);
  return { konexusClientKeys: 1, keys: [currentKey(set), key], pending: key.kid };
}

/**
 * The pending key worked: it becomes keys[0] and the old key is dropped. A kid that is not the pending one
 * leaves the set as it is (keys[0] proving itself changes nothing).
 */
export function promoteClientKey(set: ClientKeySet, kid: string): ClientKeySet {
  if (set.pending !== kid) return set;
  const key = set.keys.find(each => each.kid === kid);
  return key ? { konexusClientKeys: 1, keys: [key] } : set;
}

export function currentKey(set: ClientKeySet): ClientKey {
  return set.keys[0] as ClientKey;
}

function pendingKey(set: ClientKeySet): ClientKey | undefined {
  return set.pending === undefined ? undefined : set.keys.find(key => key.kid === set.pending);
}

/** The keys in the order a token request tries them: the pending key first (to prove it), then keys[0]. */
export function signingOrder(set: ClientKeySet): ClientKey[] {
  const pending = pendingKey(set);
  return pending ? [pending, currentKey(set)] : [currentKey(set)];
}

/** The public JWK of one key (default: the newest, i.e. the pending key if any, else keys[0]), for registration. */
export function publicJwk(set: ClientKeySet, kid?: string): JWK {
  const key = kid === undefined ? pendingKey(set) ?? currentKey(set) : set.keys.find(each => each.kid === kid);
  if (!key) throw new RangeError(`no key ${kid} in the client key set`);
  return publicOf(key);
}

/** Every public key of the set (in use and pending), as a JWKS to register at the server. */
export function publicJwks(set: ClientKeySet): { keys: JWK[] } {
  return { keys: set.keys.map(publicOf) };
}

function publicOf(key: ClientKey): JWK {
  const jwk: JWK = {};
  for (const member of PUBLIC_MEMBERS[key.privateJwk.kty ?? ''] ?? []) {
    const value = (key.privateJwk as Record<string, unknown>)[member];
    if (typeof value === 'string') (jwk as Record<string, unknown>)[member] = value;
  }
  return { ...jwk, use: 'sig', alg: key.alg, kid: key.kid };
}

/** The private key as a non-extractable CryptoKey that can only sign. */
export function signingKey(key: ClientKey): Promise<CryptoKey> {
  const { kty, n, e, d, p, q, dp, dq, qi, crv, x, y } = key.privateJwk;
  const jwk: JsonWebKey = kty === 'RSA' ? { kty, n, e, d, p, q, dp, dq, qi } : { kty, crv, x, y, d };
  return crypto.subtle.importKey('jwk', jwk, WEBCRYPTO[key.alg], false, ['sign']);
}

export function serializeClientKeySet(set: ClientKeySet): string {
  return JSON.stringify({
    konexusClientKeys: 1,
    keys: set.keys.map(({ kid, alg, createdAt, privateJwk }) => ({ kid, alg, createdAt, privateJwk })),
    ...(set.pending !== undefined ? { pending: set.pending } : {}),
  });
}

/**
 * The key set stored as `text`, or undefined when it is not one (a plain client secret, or a document that
 * is damaged: a key without its private part, a pending kid that names no key, an algorithm we do not sign with).
 */
export function parseClientKeySet(text: string): ClientKeySet | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.konexusClientKeys !== 1 || !Array.isArray(value.keys) || !value.keys.length) return undefined;
  const keys: ClientKey[] = [];
  for (const item of value.keys) {
    const key = toClientKey(item);
    if (!key || keys.some(each => each.kid === key.kid)) return undefined;
    keys.push(key);
  }
  const pending = value.pending;
  if (pending !== undefined && (typeof pending !== 'string' || pending === keys[0]?.kid || !keys.some(key => key.kid === pending))) return undefined;
  return { konexusClientKeys: 1, keys, ...(typeof pending === 'string' ? { pending } : {}) };
}

export function isClientKeySet(text: string): boolean {
  return parseClientKeySet(text) !== undefined;
}

function toClientKey(item: unknown): ClientKey | undefined {
  if (!isRecord(item)) return undefined;
  const { kid, alg, createdAt, privateJwk } = item;
  if (typeof kid !== 'string' || !kid || typeof createdAt !== 'number' || !isRecord(privateJwk)) return undefined;
  if (!isClientKeyAlg(alg)) return undefined;
  if (privateJwk.kty !== KTY_OF[alg as ClientKeyAlg] || typeof privateJwk.d !== 'string' || !privateJwk.d) return undefined;
  if (alg === 'ES256' && privateJwk.crv !== 'P-256') return undefined;
  return { kid, alg: alg as ClientKeyAlg, createdAt, privateJwk: privateJwk as JWK };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * private_key_jwt client authentication (RFC 7523 §2.2 / §3, OIDC Core §9) for the bundled Konexus IdP,
 * checked the way IdentityServer does: the assertion's iss and sub are the client id, aud is the issuer or
 * the token endpoint, it carries exp and jti, is signed (RS256 or ES256) by a key registered for the client,
 * and its jti is never accepted twice. Every refusal is invalid_client to the client; the reason goes to the
 * IdP's request log only.
 */
import { decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify } from 'jose';
import type { JWK, JWTPayload } from 'jose';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_ALGS = ['RS256', 'ES256'];
/** Longest accepted assertion lifetime (exp - iat). oauth4webapi makes 60 s ones. */
const MAX_ASSERTION_LIFETIME_S = 300;
/** Clock difference tolerated between the client and this server. */
const CLOCK_TOLERANCE_S = 60;

/** Why an assertion was refused; the client only ever sees invalid_client. */
export class AssertionRefused extends Error {}

export interface AssertionClient {
  clientId: string;
  jwks?: { keys: JWK[] } | undefined;
}

export interface AssertionChecker {
  /** The client the assertion authenticates, or throws AssertionRefused with the reason. */
  verify(form: URLSearchParams, findClient: (clientId: string) => AssertionClient | undefined): Promise<AssertionClient>;
}

export function assertionChecker(options: { issuer: string; tokenEndpoint: string; now: () => number }): AssertionChecker {
  /** jti (per client) → its exp (s): a jti is remembered until its assertion has expired anyway. */
  const seen = new Map<string, number>();
  const refuse = (reason: string): never => {
    throw new AssertionRefused(reason);
  };

  const verify = async (form: URLSearchParams, findClient: (clientId: string) => AssertionClient | undefined): Promise<AssertionClient> => {
    if (form.get('client_assertion_type') !== JWT_BEARER) refuse(`client_assertion_type is not ${JWT_BEARER}`);
    const assertion = form.get('client_assertion') ?? refuse('no client_assertion');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(assertion);
      unverified = decodeJwt(assertion);
    } catch {
      return refuse('client_assertion is not a JWT');
    }
    const clientId = form.get('client_id') ?? unverified.sub ?? '';
    if (unverified.sub !== clientId) refuse('the assertion\'s sub is not the client_id');
    const client = findClient(clientId) ?? refuse(`unknown client ${clientId}`);
    const registered = client.jwks?.keys ?? [];
    if (!registered.length) refuse(`client ${clientId} has no registered public keys`);
    if (!header.alg || !ASSERTION_ALGS.includes(header.alg)) refuse(`alg ${String(header.alg)} is not accepted`);
    const candidates = header.kid === undefined ? registered : registered.filter(jwk => jwk.kid === header.kid);
    if (!candidates.length) refuse(`unknown kid ${String(header.kid)}`);

    const nowSeconds = Math.floor(options.now() / 1000);
    let payload: JWTPayload | undefined;
    let failure: unknown;
    for (const jwk of candidates) {
      try {
        const key = await importJWK(jwk, header.alg);
        ({ payload } = await jwtVerify(assertion, key, {
          algorithms: [header.alg as string],
          issuer: clientId,
          subject: clientId,
          audience: [options.issuer, options.tokenEndpoint],
          requiredClaims: ['exp', 'jti'],
          currentDate: new Date(nowSeconds * 1000),
          clockTolerance: CLOCK_TOLERANCE_S,
        }));
        break;
      } catch (error) {
        failure = error;
      }
    }
    if (!payload) return refuse(describeFailure(failure));

    const exp = payload.exp as number;
    const lifetime = exp - (payload.iat ?? nowSeconds);
    if (lifetime > MAX_ASSERTION_LIFETIME_S) refuse(`the assertion lives ${lifetime} s, more than ${MAX_ASSERTION_LIFETIME_S} s`);
    for (const [key, expiry] of seen) if (expiry + CLOCK_TOLERANCE_S < nowSeconds) seen.delete(key);
    const jtiKey = JSON.stringify([clientId, payload.jti]);
    if (seen.has(jtiKey)) refuse(`jti ${String(payload.jti)} was already used (replay)`);
    seen.set(jtiKey, exp);
    return client;
  };

  return { verify };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWTExpired) return 'the assertion has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong aud (neither the issuer nor the token endpoint)';
    return `claim ${error.claim} is not valid: ${error.reason}`;
  }
  return `the assertion cannot be verified: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * Makes text safe for logs and error messages: every JWT becomes `<jwt RS256 kid=ABCD… …last6>` and every
 * registered secret becomes `«secret»`. Linear-time patterns only (log lines can be long).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a value that must never appear in output (client secrets). Short values are ignored. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  removeSecret(secret: string | undefined): void {
    if (secret) this.secrets.delete(secret);
  }

  redact(text: string): string {
    let result = text.replace(JWT_PATTERN, describeJwt);
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join('«secret»');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join('«secret»');
    }
    return result;
  }
}

// A JWS compact serialisation: header starts with `eyJ` ({"), three base64url segments.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/** Short, non-secret identification of a token: header alg and kid, and the last 6 characters. */
export function describeJwt(token: string): string {
  let alg = '?';
  let kid: string | undefined;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header.alg === 'string') alg = header.alg.slice(0, 10);
    if (typeof header.kid === 'string') kid = header.kid.slice(0, 8);
  } catch {
    // unreadable header: alg stays '?'
  }
  return `<jwt ${alg}${kid ? ` kid=${kid}…` : ''} …${token.slice(-6)}>`;
}

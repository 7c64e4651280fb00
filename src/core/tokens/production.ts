import { DEFAULT_AUTHORITY } from '../authority';
import type { Profile } from './profiles';

/** The host of the Konexus production identity server: its tokens send real emergency notifications. */
const PRODUCTION_HOST = new URL(DEFAULT_AUTHORITY).hostname;

/**
 * True when a profile's tokens act on the production Konexus platform: its authority is the production
 * identity server, or the user marked it `production: true` (a staging proxy, a tenant they treat as live).
 */
export function isProduction(profile: Pick<Profile, 'authority'> & { readonly production?: boolean }): boolean {
  if (profile.production === true) return true;
  try {
    return new URL(profile.authority).hostname.toLowerCase() === PRODUCTION_HOST;
  } catch {
    return false;
  }
}

/** True when a token's claims grant admin rights: Konexus sends `admin` as the string "true"; others a boolean. */
export function isAdminToken(claims: Readonly<Record<string, unknown>> | undefined): boolean {
  const admin = claims?.admin;
  return admin === true || (typeof admin === 'string' && admin.trim().toLowerCase() === 'true');
}

/**
 * Where a production token is about to go; one confirmation per (profile, destination) and window. The
 * question and the refusal are in words in src/tokens/model/productionWords.ts and tokenErrorWords.ts.
 */
export type TokenDestination = 'clipboard' | 'editor' | 'dotenv' | 'terminal';

/** Remembers, for one window, which (profile, destination) pairs the user confirmed. Pure; no VS Code. */
export class ProductionConfirmations {
  private readonly confirmed = new Set<string>();

  private key(profile: string, destination: TokenDestination, target?: string): string {
    return JSON.stringify([profile, destination, target ?? '']);
  }

  has(profile: string, destination: TokenDestination, target?: string): boolean {
    return this.confirmed.has(this.key(profile, destination, target));
  }

  add(profile: string, destination: TokenDestination, target?: string): void {
    this.confirmed.add(this.key(profile, destination, target));
  }

  /** A profile removed or renamed must be confirmed again. */
  forgetProfile(profile: string): void {
    for (const key of [...this.confirmed]) {
      if ((JSON.parse(key) as string[])[0] === profile) this.confirmed.delete(key);
    }
  }
}

/**
 * Issuers the user confirmed, once, for fetching keys although no profile names them. Pure (no
 * runtime `vscode` import): the store is VS Code's globalState, so the decision belongs to the user and
 * follows them across workspaces, and a workspace cannot make it for them (workspaceState and settings are
 * never read here). Issuer URLs are not secrets; they are kept normalised (origin + path) and capped.
 */
import type { KeyValueStore } from '../../core/tokens/stores';
import { normalizeIssuer } from './verification';

export const CONFIRMED_ISSUERS_KEY = 'konexus.confirmedIssuers';
/** More than this and the oldest confirmation is forgotten first. */
export const MAX_CONFIRMED_ISSUERS = 50;

export class ConfirmedIssuers {
  constructor(private readonly state: KeyValueStore) {}

  /** The confirmed issuers, normalised, oldest first. Anything in the store that is not an issuer is ignored. */
  list(): string[] {
    const stored = this.state.get<unknown>(CONFIRMED_ISSUERS_KEY);
    if (!Array.isArray(stored)) return [];
    const seen = new Set<string>();
    for (const item of stored) {
      const issuer = normalizeIssuer(item);
      if (issuer !== undefined) seen.add(issuer);
    }
    return [...seen];
  }

  has(issuer: unknown): boolean {
    const wanted = normalizeIssuer(issuer);
    return wanted !== undefined && this.list().includes(wanted);
  }

  /**
   * Remembers `issuer`; returns its normalised form, or undefined when it can never be confirmed (not a
   * URL, or plain http on a host other than loopback: keys are never fetched over plain http).
   */
  async add(issuer: unknown): Promise<string | undefined> {
    const normalized = normalizeIssuer(issuer);
    if (normalized === undefined) return undefined;
    const kept = this.list().filter(i => i !== normalized);
    kept.push(normalized);
    await this.state.update(CONFIRMED_ISSUERS_KEY, kept.slice(-MAX_CONFIRMED_ISSUERS));
    return normalized;
  }

  /** Forgets the given issuers (all of them without an argument); returns how many were forgotten. */
  async forget(issuers?: readonly string[]): Promise<number> {
    const current = this.list();
    const drop = issuers === undefined ? new Set(current) : new Set(issuers.map(i => normalizeIssuer(i)).filter(i => i !== undefined));
    const kept = current.filter(i => !drop.has(i));
    await this.state.update(CONFIRMED_ISSUERS_KEY, kept.length ? kept : undefined);
    return current.length - kept.length;
  }
}

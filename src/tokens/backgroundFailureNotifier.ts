import type * as vscode from 'vscode';
import type { TimerHandle } from '../core/clock';
import type { TokenState } from '../core/tokens/tokenState';
import type { Services } from '../platform/services';
import { presentError } from './presentError';

/**
 * Tells the user when the manager's own scheduled refresh failed in a way that matters: credentials that
 * only the user can fix, or a token that has now expired while retries keep failing. Once per episode
 * (until a token is valid again), so a server that is down does not become a storm of notifications.
 * Failures of commands are shown by the commands themselves.
 */
export class BackgroundFailureNotifier implements vscode.Disposable {
  private readonly notified = new Set<string>();
  /** Per profile: a check at the moment a still-valid token expires while retries keep failing. */
  private readonly expiryChecks = new Map<string, TimerHandle>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly services: Services) {
    this.subscription = services.tokens.onDidChange(event => {
      if (event.kind === 'token') this.onState(event.profile, event.state);
    });
  }

  private onState(profile: string, state: TokenState): void {
    this.cancelExpiryCheck(profile);
    if (state.status === 'valid' || state.status === 'empty') {
      this.notified.delete(profile);
      return;
    }
    if (state.lastTrigger !== 'schedule' || !state.lastError || this.notified.has(profile)) return;
    const now = this.services.clock.now();
    const expired = !state.token || state.token.expiresAt <= now;
    if (state.status === 'failed' || (state.status === 'retrying' && expired)) {
      this.notified.add(profile);
      void presentError(this.services, state.lastError, { profile });
    } else if (state.status === 'retrying' && state.token) {
      // No event marks the moment the old token runs out while the next retry is still ahead.
      const handle = this.services.clock.setTimeout(() => {
        this.expiryChecks.delete(profile);
        void this.services.tokens.tokenState(profile).then(current => current && this.onState(profile, current));
      }, state.token.expiresAt - now + 1);
      this.expiryChecks.set(profile, handle);
    }
  }

  private cancelExpiryCheck(profile: string): void {
    const handle = this.expiryChecks.get(profile);
    if (handle !== undefined) this.services.clock.clearTimeout(handle);
    this.expiryChecks.delete(profile);
  }

  dispose(): void {
    for (const profile of [...this.expiryChecks.keys()]) this.cancelExpiryCheck(profile);
    this.subscription.dispose();
  }
}

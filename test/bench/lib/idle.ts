/**
 * Row 8, idle: with a valid token an hour from expiry, how many timer callbacks run in 10 minutes of
 * fake-clock idle time: the TokenManager's (for a token it fetched, and for one restored from storage after
 * a reload), and the status bar's (its scheduling mirrored from TokenStatusBar, which needs vscode:
 * re-render at statusView().nextChangeAt, at least 1 s apart). Idle must also stay correct: the manager
 * must still have its refresh armed afterwards and refresh by its refresh time (80% of the lifetime).
 */
import type { Clock } from '../../../src/core/clock';
import type { IssuedToken } from '../../../src/core/tokens/tokenClient';
import { TokenManager } from '../../../src/core/tokens/tokenManager';
import type { TokenState } from '../../../src/core/tokens/tokenState';
import { statusView } from '../../../src/tokens/model/statusView';
import { FakeClock } from '../../node/lib/fakeClock';
import type { Row, Section } from './report';

const IDLE_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
/** TokenManager's default refresh time for a 1 h token: 80% of the lifetime (48 min), checked at 50 min. */
const REFRESH_CHECK_MS = 50 * 60_000;
const MANAGER_TARGET = 5;
// The bar shows whole minutes ("42m"), so it must change once a minute: 10 in 10 minutes, plus one spare.
const STATUS_BAR_TARGET = IDLE_MS / 60_000 + 1;

interface IdleOutcome {
  readonly callbacks: number;
  readonly fetchesWhileIdle: number;
  readonly timerArmedAfterIdle: boolean;
  readonly refreshedBy50Min: boolean;
}

export async function benchIdle(): Promise<Section> {
  const fetched = await idleManager('fetched');
  const restored = await idleManager('restored');
  const bar = await idleStatusBar();
  const managerRow = (id: string, what: string, outcome: IdleOutcome): Row => ({
    id, what,
    value: `${outcome.callbacks} callbacks, ${outcome.fetchesWhileIdle} fetches; refresh ${outcome.timerArmedAfterIdle ? 'armed' : 'NOT armed'} after, ${outcome.refreshedBy50Min ? 'done' : 'NOT done'} by 50 min`,
    spread: '—', baseline: '—', ratio: '—', target: `≤ ${MANAGER_TARGET}, 0 fetches, still refreshes`,
    outcome: outcome.callbacks <= MANAGER_TARGET && outcome.fetchesWhileIdle === 0 && outcome.timerArmedAfterIdle && outcome.refreshedBy50Min ? 'pass' : 'miss',
    data: outcome,
  });
  return {
    rows: [
      managerRow('8', 'Idle 10 min, token 1 h from expiry: TokenManager timer callbacks (fake clock), token it fetched', fetched),
      managerRow('8b', '  the same, token restored from storage (initialToken: every reload of VS Code)', restored),
      {
        id: '8c', what: '  the status bar in the same 10 min (statusView().nextChangeAt, TokenStatusBar timer mirrored)',
        value: `${bar.callbacks} callbacks (${bar.texts} texts)`, spread: '—', baseline: '—', ratio: '—',
        target: `≤ ${STATUS_BAR_TARGET} (one per shown minute)`, outcome: bar.callbacks <= STATUS_BAR_TARGET ? 'pass' : 'miss', data: bar,
      },
    ],
  };
}

async function idleManager(origin: 'fetched' | 'restored'): Promise<IdleOutcome> {
  const clock = new FakeClock(Date.now());
  let fetches = 0;
  const manager = new TokenManager({
    clock,
    ...(origin === 'restored' && { initialToken: tokenExpiringIn(clock, HOUR_MS) }),
    fetchToken: async () => {
      fetches++;
      return tokenExpiringIn(clock, HOUR_MS);
    },
  });
  if (origin === 'fetched') await manager.getToken();
  const fetchesBefore = fetches;
  const callbacksBefore = clock.callbacksRun;
  await clock.advance(IDLE_MS);
  const outcome = { callbacks: clock.callbacksRun - callbacksBefore, fetchesWhileIdle: fetches - fetchesBefore, timerArmedAfterIdle: clock.pendingTimers > 0 };
  await clock.advance(REFRESH_CHECK_MS - IDLE_MS);
  manager.dispose();
  return { ...outcome, refreshedBy50Min: fetches - fetchesBefore > 0 };
}

function tokenExpiringIn(clock: Clock, ms: number): IssuedToken {
  const now = clock.now();
  return { accessToken: `bench-token-${now}`, tokenType: 'bearer', scope: 'tamarack', issuedAt: now, expiresAt: now + ms, issuer: 'http://127.0.0.1' };
}

/** TokenStatusBar.render()'s timer logic on a fake clock, for a valid token an hour from expiry. */
async function idleStatusBar(): Promise<{ callbacks: number; texts: number }> {
  const clock = new FakeClock(Date.now());
  const state: TokenState = { status: 'valid', token: tokenExpiringIn(clock, HOUR_MS), lastError: undefined, nextAttemptAt: undefined, consecutiveFailures: 0 };
  const texts = new Set<string>();
  const render = () => {
    const now = clock.now();
    const view = statusView('bench', state, now);
    texts.add(view.text);
    if (view.nextChangeAt !== undefined) clock.setTimeout(render, Math.max(1_000, view.nextChangeAt - now));
  };
  render();
  await clock.advance(IDLE_MS);
  return { callbacks: clock.callbacksRun, texts: texts.size };
}

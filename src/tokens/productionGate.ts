import * as vscode from 'vscode';
import { KonexusError } from '../core/errors';
import { ProductionConfirmations, isProduction, type TokenDestination } from '../core/tokens/production';
import type { Profile } from '../core/tokens/profiles';
import type { Settings } from '../core/settingsRules';
import type { Log } from '../platform/log';
import { productionConfirmText } from './model/productionWords';
import { errorText } from '../platform/model/words/errorWords';

/**
 * Asks, once per window and (profile, destination), before a production profile's token leaves the
 * extension. Confirmations live only in memory: a new window asks again. Turned off by the user or machine
 * setting `konexus.production.confirmTokenUse` (a workspace cannot turn it off: machine scope, restricted).
 */
export class ProductionGate {
  private readonly confirmations = new ProductionConfirmations();

  constructor(private readonly settings: () => Settings, private readonly log: Pick<Log, 'warn'>) {}

  /** True when no question is needed now: not production, the setting is off, or confirmed in this window. */
  released(profile: Profile, destination: TokenDestination, target?: string): boolean {
    if (!isProduction(profile) || !this.settings().productionConfirmTokenUse) return true;
    return this.confirmations.has(profile.name, destination, target);
  }

  /**
   * Resolves when the token may go; throws `production_not_confirmed` when the user declined (or a test
   * workbench refused the modal). `preconfirmed`: a programmatic caller passed `confirmProduction: true`,
   * so it acts deliberately; the confirmation is not remembered for others.
   */
  async confirm(profile: Profile, destination: TokenDestination, options: { target?: string; preconfirmed?: boolean } = {}): Promise<void> {
    if (options.preconfirmed || this.released(profile, destination, options.target)) return;
    const go = vscode.l10n.t('Use Production Token');
    let answer: string | undefined;
    try {
      answer = await vscode.window.showWarningMessage(productionConfirmText(profile.name, destination, options.target), { modal: true }, go);
    } catch (error) {
      // The test-mode workbench refuses dialogs; a refusal confirms nothing.
      this.log.warn(`[production] the confirmation could not be shown: ${errorText(error)}`);
    }
    if (answer !== go) throw new KonexusError('production_not_confirmed', { area: 'token', kind: 'productionNotConfirmed', profile: profile.name });
    this.confirmations.add(profile.name, destination, options.target);
  }

  forgetProfile(name: string): void {
    this.confirmations.forgetProfile(name);
  }
}

import * as vscode from 'vscode';
import { checkSettings, type Settings } from '../core/settingsRules';
import { describeAdjustment } from './model/words/settingWords';

export type { HeaderStyle, Settings } from '../core/settingsRules';

/**
 * Reads the `konexus.*` settings, each value checked and clamped (src/core/settingsRules.ts), on every call:
 * a changed setting applies at once. A value that was replaced or clamped is logged once per value written,
 * never thrown. In an untrusted workspace VS Code hands us only the user-level values of the settings
 * package.json lists as restricted (those that weaken checks or choose where a token is written).
 */
export function createSettingsReader(log: (message: string) => void): () => Settings {
  const logged = new Set<string>();
  return () => {
    const c = vscode.workspace.getConfiguration('konexus');
    const { settings, adjustments } = checkSettings(key => c.get<unknown>(key));
    for (const adjustment of adjustments) {
      const line = describeAdjustment(adjustment);
      if (logged.has(line)) continue;
      if (logged.size >= 100) logged.clear();
      logged.add(line);
      log(`[settings] ${line}`);
    }
    return settings;
  };
}

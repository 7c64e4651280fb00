/**
 * How the on-demand bundle is loaded (load.ts wires it up): once, on first use, concurrent callers sharing
 * the one load; while it loads, the table of modules dist/extension.js lends it (host.ts) sits in the global
 * slot of hostSlot.ts, and nowhere once it is loaded or failed.
 *
 * A failure (a damaged or partial install: the file is missing, or does not load) never reaches VS Code as
 * such: it is logged and becomes a KonexusError that names the file and says to reinstall, which the
 * command guard shows like any other failure. The next use tries again. Pure: no `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { KonexusError } from '../core/errors';
import { HOST_SLOT, type OnDemandHost } from './hostSlot';
import type * as OnDemandExports from './index';

export type OnDemand = typeof OnDemandExports;

/** The file, as the user would find it in the installed extension. */
export const ON_DEMAND_BUNDLE = 'dist/onDemand.js';

export interface OnDemandLoaderDeps {
  /** Loads the bundle (import('./index')). */
  readonly importBundle: () => Promise<OnDemand>;
  /** What the bundle takes from the start-up bundle, put in the slot while it loads. */
  readonly host: OnDemandHost;
  /** The redacting log's error(). */
  readonly logError: (message: string, error: unknown) => void;
}

/** The function that loads the bundle once (concurrent callers share the load) and again after a failure. */
export function onDemandLoader(deps: OnDemandLoaderDeps): () => Promise<OnDemand> {
  let loading: Promise<OnDemand> | undefined;
  const load = async (): Promise<OnDemand> => {
    const slot = globalThis as Record<symbol, unknown>;
    slot[HOST_SLOT] = deps.host;
    try {
      return await deps.importBundle();
    } catch (error) {
      deps.logError(`[onDemand] could not load ${ON_DEMAND_BUNDLE}`, error);
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new KonexusError('incomplete_install', l10n.t('A part of the extension ({0}) could not be loaded: {1}. Reinstall the Konexus extension.', ON_DEMAND_BUNDLE, reason ?? ''), { cause: error });
    } finally {
      delete slot[HOST_SLOT];
    }
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

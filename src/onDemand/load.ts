/**
 * The one way to the on-demand bundle (Services.onDemand). `import('./index')` below is what
 * scripts/bundles.mjs turns into `require('./onDemand.js')` in dist/extension.js; every other build (the
 * unit tests, the host suites) bundles it inline. How it is loaded, and what a failure becomes: loader.ts.
 */
import { onDemandHost } from './host';
import { onDemandLoader, type OnDemand, type OnDemandLoaderDeps } from './loader';

export type { OnDemand } from './loader';

/** The extension's loader, logging a failure with `logError` (the redacting log's). */
export function loadOnDemand(logError: OnDemandLoaderDeps['logError']): () => Promise<OnDemand> {
  return onDemandLoader({ importBundle: () => import('./index'), host: onDemandHost, logError });
}

/**
 * How dist/extension.js lends its modules to dist/onDemand.js (see host.ts and scripts/bundles.mjs): while
 * the loader (load.ts) requires the on-demand bundle, this global slot holds the table of lent modules, and
 * the bundle's stand-ins for those imports take theirs from it as the bundle is evaluated. The slot is
 * emptied again as soon as the bundle is loaded. This tiny file is the one module both bundles contain.
 */

/** The table: module path from the repository root (as in esbuild's metafile) → that module's exports. */
export type OnDemandHost = Readonly<Record<string, object>>;

export const HOST_SLOT = Symbol.for('konexus-vscode.onDemand.host');

/** The lent module at `path`, for the on-demand bundle's stand-in of that import. Throws when it is not lent. */
export function hostModule(path: string): object {
  const host = (globalThis as Record<symbol, OnDemandHost | undefined>)[HOST_SLOT];
  if (!host) throw new Error(`dist/onDemand.js must be loaded by dist/extension.js (it takes ${path} from it)`);
  const lent = host[path];
  if (!lent) throw new Error(`dist/extension.js does not lend ${path} to dist/onDemand.js (src/onDemand/host.ts)`);
  return lent;
}

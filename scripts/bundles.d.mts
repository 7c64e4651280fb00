// Types of scripts/bundles.mjs, for the tests and the bench that rebuild the extension in memory.
import type { BuildOptions, BuildResult, Metafile } from 'esbuild';

export const MAIN_ENTRY: string;
export const ON_DEMAND_ENTRY: string;
export function lentPaths(): Set<string>;
export function extensionConfigs(options?: { production?: boolean; outdir?: string; watch?: boolean }): {
  main: BuildOptions;
  onDemand: BuildOptions;
  state: { main: Metafile | undefined; onDemand: Metafile | undefined };
};
export function buildExtension(options?: { production?: boolean; outdir?: string; write?: boolean }): Promise<{
  main: BuildResult<{ metafile: true }>;
  onDemand: BuildResult<{ metafile: true }>;
}>;
export function splitProblems(main: Metafile, onDemand: Metafile): string[];
export function moduleKey(path: string): string;

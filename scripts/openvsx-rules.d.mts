// Types of scripts/openvsx-rules.mjs, for its unit test.
export interface OpenVsxManifest {
  publisher?: string;
  name?: string;
  version?: string;
  license?: string;
  icon?: string;
  engines?: { vscode?: string };
  repository?: string | { type?: string; url?: string };
  activationEvents?: string[];
  [field: string]: unknown;
}
export function readmeImageUrls(markdown: string): string[];
export function openVsxProblems(input: {
  manifest: OpenVsxManifest;
  entries: string[];
  readme: string | undefined;
  file(name: string): Uint8Array | undefined;
  repositoryHas(path: string): boolean;
}): string[];

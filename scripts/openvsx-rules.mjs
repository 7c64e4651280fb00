// What Open VSX checks when an extension is published, checked on the packaged .vsix without publishing:
// ovsx's own checks (validateManifest: publisher, name, version; a license, as isLicenseOk asks of a tree),
// and the rules the registry and its editors' galleries apply to what it receives: a repository URL, a PNG
// icon inside the package, no `*` activation, and README images that a gallery can show (https URLs, no SVG,
// no data: URIs; those vsce rewrote to the repository must name a file that the repository has).
// Pure: scripts/openvsx-check.mjs reads the .vsix and the tree; test/node/openVsxRules.test.ts feeds it.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const LICENSE_FILE = /^extension\/licen[cs]e(\.md|\.txt)?$/;

/** `![alt](url "title")`, `<img src="url">` and reference definitions `[id]: url` used by `![alt][id]`. */
export function readmeImageUrls(markdown) {
  const urls = [];
  for (const match of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^)]*["'])?\s*\)/g)) urls.push(match[1]);
  for (const match of markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) urls.push(match[1]);
  const references = new Set([...markdown.matchAll(/!\[[^\]]*\]\[([^\]]+)\]/g)].map(match => match[1].toLowerCase()));
  for (const match of markdown.matchAll(/^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)/gm)) {
    if (references.has(match[1].toLowerCase())) urls.push(match[2]);
  }
  return urls;
}

function repositoryUrl(manifest) {
  const repository = manifest.repository;
  return typeof repository === 'string' ? repository : repository?.url;
}

/** `https://github.com/o/r.git` → the prefixes of vsce's rewritten README links into that repository. */
function repositoryPrefixes(url) {
  const match = /^(?:git\+)?https:\/\/github\.com\/([^/]+)\/([^/#]+?)(?:\.git)?\/?$/.exec(url ?? '');
  if (!match) return [];
  const base = `https://github.com/${match[1]}/${match[2]}`;
  return [`${base}/raw/HEAD/`, `${base}/blob/HEAD/`, `https://raw.githubusercontent.com/${match[1]}/${match[2]}/HEAD/`];
}

/**
 * The problems Open VSX (or ovsx before uploading) would report, as messages that say what to fix.
 *   manifest         extension/package.json of the .vsix
 *   entries          the .vsix's file names
 *   readme           extension/readme.md, or undefined
 *   file(name)       the bytes of an entry, or undefined
 *   repositoryHas(p) whether the source tree has the file at path p (for README links vsce rewrote)
 */
export function openVsxProblems({ manifest, entries, readme, file, repositoryHas }) {
  const problems = [];
  for (const field of ['publisher', 'name', 'version']) {
    if (!manifest[field]) problems.push(`package.json has no '${field}' (ovsx's validateManifest refuses it)`);
  }
  if (!manifest.engines?.vscode) problems.push("package.json has no engines.vscode: Open VSX cannot tell editors which VS Code API it needs");
  if (!manifest.license) problems.push("package.json has no 'license': Open VSX accepts only licensed extensions");
  if (!entries.some(name => LICENSE_FILE.test(name.toLowerCase()))) problems.push('the .vsix has no LICENSE file: add LICENSE to the tree and to .vscodeignore\'s list');

  const repository = repositoryUrl(manifest);
  if (!repository) problems.push("package.json has no 'repository': add its https URL");
  else if (!/^(git\+)?https:\/\//.test(repository)) problems.push(`the repository URL ${repository} is not https`);

  if (!manifest.icon) {
    problems.push("package.json has no 'icon': Open VSX and the editors' galleries show a placeholder");
  } else {
    const iconEntry = `extension/${manifest.icon.replace(/^\.\//, '')}`;
    const icon = file(iconEntry);
    if (!icon) problems.push(`the icon ${manifest.icon} is not in the .vsix: check .vscodeignore`);
    else if (!PNG_SIGNATURE.every((byte, index) => icon[index] === byte)) problems.push(`the icon ${manifest.icon} is not a PNG (galleries refuse SVG icons)`);
  }

  if ((manifest.activationEvents ?? []).includes('*')) {
    problems.push("activationEvents has '*': activate on onStartupFinished or on the events the features need");
  }

  if (readme === undefined) {
    problems.push('the .vsix has no README.md: Open VSX shows it as the extension\'s page');
  } else {
    const prefixes = repositoryPrefixes(repository);
    for (const url of readmeImageUrls(readme)) {
      if (/^data:/i.test(url)) problems.push(`README image ${url.slice(0, 40)}…: data: URIs are not shown; use an https URL`);
      else if (!/^https:\/\//i.test(url)) problems.push(`README image ${url}: not an https URL (vsce rewrites relative ones only when package.json has a repository)`);
      else if (/\.svg(?:[?#]|$)/i.test(url)) problems.push(`README image ${url}: SVG images are refused; use PNG`);
      else {
        const prefix = prefixes.find(candidate => url.startsWith(candidate));
        const path = prefix && decodeURIComponent(url.slice(prefix.length).replace(/[?#].*$/, ''));
        if (path && !repositoryHas(path)) problems.push(`README image ${url}: the repository has no ${path}`);
      }
    }
  }
  return problems;
}

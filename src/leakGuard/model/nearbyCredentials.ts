/**
 * What the "Move the client secret into a Konexus profile" fix can prefill besides the secret: the client id
 * written next to it, and the authority a `.http` token request goes to. Pure (no `vscode` import), tested in
 * plain Node. Only used when the fix runs, never per keystroke: each call reads the text once.
 *
 * "Next to it" means: in a .http file, the same request block (then the file variables); in settings, the
 * innermost JSON object holding the secret; in a .env or other file, the whole file. The nearest wins.
 */
import { parseHttpFile, requestAt, type HttpFileModel } from '../../core/httpFile';
import { decodeLeakValue, forEachLine, type ScanFileKind } from '../../core/leaks/leakScan';
import { CLIENT_ID_WORD, findAssignments, isClientIdName } from '../../core/leaks/secretAssignments';
import { isPlaceholder, isReference } from '../../core/leaks/secretPlaceholders';

export interface NearbyCredentials {
  readonly clientId?: string;
  /** As written (an https URL or a loopback http one); the caller validates it with parseAuthority. */
  readonly authority?: string;
}

const AUTHORITY_WORD = /(?:authority|issuer)/gi;
const isAuthorityName = (normalized: string) => normalized.endsWith('authority') || normalized.endsWith('issuer');

/** `offset`: where the secret is, in `text`. */
export function credentialsNear(text: string, offset: number, kind: ScanFileKind): NearbyCredentials {
  if (kind === 'http') return httpCredentialsNear(text, offset);
  // A commented-out `"clientId": "old"` is not the client id: comments become blanks (offsets stay).
  if (kind === 'settings') text = blankJsonComments(text);
  const window = kind === 'settings' ? jsonObjectAround(text, offset) : { start: 0, end: text.length };
  const clientId = nearestValue(text, window, offset, kind, CLIENT_ID_WORD, isClientIdName);
  const authority = nearestValue(text, window, offset, kind, AUTHORITY_WORD, isAuthorityName);
  return {
    ...(clientId ? { clientId } : {}),
    ...(authority && isHttpUrl(authority) ? { authority } : {}),
  };
}

function httpCredentialsNear(text: string, offset: number): NearbyCredentials {
  const model = parseHttpFile(text);
  const block = requestAt(model, offset);
  const window = block ? { start: block.start, end: block.end } : { start: 0, end: text.length };
  const resolve = (value: string | undefined) => (value === undefined ? undefined : resolveFileVariables(model, value));

  let clientId = resolve(nearestValue(text, window, offset, 'http', CLIENT_ID_WORD, isClientIdName, true));
  if (clientId === undefined || isReference(clientId)) {
    const variable = model.fileVariables.findLast(v => v.operator === '=' && isClientIdName(normalize(v.name)));
    clientId = resolve(variable?.value);
  }

  // The token request's URL, `{{authority}}/connect/token` resolved: the authority is what precedes the path.
  let authority: string | undefined;
  const url = block?.request ? resolve(block.request.url) : undefined;
  const endpoint = url === undefined ? undefined : /^(https?:\/\/[^\s?#]+?)\/connect\/token\/?(?:[?#]|$)/i.exec(url);
  if (endpoint) authority = endpoint[1];
  if (authority === undefined) {
    const variable = model.fileVariables.findLast(v => v.operator === '=' && isAuthorityName(normalize(v.name)) && isHttpUrl(resolve(v.value) ?? ''));
    authority = resolve(variable?.value);
  }
  return {
    ...(clientId && !isReference(clientId) && !isPlaceholder(clientId) ? { clientId } : {}),
    ...(authority && isHttpUrl(authority) ? { authority } : {}),
  };
}

/** `{{name}}` of a file variable replaced by its value (one level, the last definition, as REST Client reads it). */
function resolveFileVariables(model: HttpFileModel, value: string): string {
  return value.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    const variable = model.fileVariables.findLast(v => v.operator === '=' && v.name === name);
    return variable && !variable.value.includes('{{') ? variable.value : whole;
  });
}

/**
 * The decoded value nearest to `offset` among the names `accepts` takes within `window`. Placeholders are
 * skipped; references too, unless `keepReferences` (a `.http` file resolves `{{clientId}}` afterwards).
 */
function nearestValue(
  text: string,
  window: { start: number; end: number },
  offset: number,
  kind: ScanFileKind,
  word: RegExp,
  accepts: (normalized: string) => boolean,
  keepReferences = false,
): string | undefined {
  const slice = text.slice(window.start, window.end);
  let best: { distance: number; value: string } | undefined;
  forEachLine(slice, (start, end) => {
    const line = slice.slice(start, end);
    for (const found of findAssignments(line, kind, word, accepts)) {
      const value = decodeLeakValue(line.slice(found.valueStart, found.valueEnd), found.encoding).trim();
      if (!value || isPlaceholder(value) || (!keepReferences && isReference(value))) continue;
      const distance = Math.abs(window.start + start + found.valueStart - offset);
      if (!best || distance < best.distance) best = { distance, value };
    }
  });
  return best?.value;
}

/**
 * The innermost `{ … }` of JSON/JSONC text holding `offset` (strings and comments skipped), or the whole text.
 * One pass: a stack of open braces, recorded when the scan passes `offset`, closed when its brace closes.
 */
export function jsonObjectAround(text: string, offset: number): { start: number; end: number } {
  const open: number[] = [];
  let holder: { start: number; depth: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    if (!holder && i >= offset) holder = open.length > 0 ? { start: open[open.length - 1]!, depth: open.length } : { start: 0, depth: 0 };
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 1;
    } else if (ch === '{') {
      open.push(i);
    } else if (ch === '}') {
      open.pop();
      if (holder && holder.depth > 0 && open.length < holder.depth) return { start: holder.start, end: i + 1 };
    }
  }
  return holder && holder.depth > 0 ? { start: holder.start, end: text.length } : { start: 0, end: text.length };
}

/** `//` and `/* *\/` comments of JSONC replaced by spaces (line breaks kept), strings left alone. Same length. */
function blankJsonComments(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    parts.push(text.slice(copied, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copied = to;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      blank(i, end);
      i = end - 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      blank(i, end);
      i = end - 1;
    }
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

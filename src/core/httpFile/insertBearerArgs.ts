/**
 * The argument of `konexus.insertBearerHeader`, checked once at the edge. Pure.
 *
 *   { all?: boolean, style?: 'dotenv' | 'fileVariable' | 'literal', profile?: string,
 *     uri?: string | Uri, line?: number, confirmProduction?: true }
 *
 * `uri` and `line` name a document and a request line without an editor (the CodeLens, tests). VS Code itself
 * passes the document's Uri as the argument when the command runs from the editor's context menu, and
 * `konexus.insertBearerHeaderAll` spreads that Uri into `{ ...uri, all: true }`: both are accepted.
 */
import * as l10n from '@vscode/l10n';
import type { HeaderStyle } from '../settingsRules';
import { HEADER_STYLES, isHeaderStyle } from './bearerHeader';

/** The parts of a `vscode.Uri` (its own fields survive a spread; `toString` does not). */
export interface UriParts {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query: string;
  readonly fragment: string;
}

export interface InsertBearerArgs {
  readonly all: boolean;
  /** Undefined: the `konexus.httpFiles.headerStyle` setting. */
  readonly style: HeaderStyle | undefined;
  /** Undefined: the active profile (and a `.env` written this way follows the active profile). */
  readonly profile: string | undefined;
  /** Undefined: the active editor's document. */
  readonly uri: string | UriParts | undefined;
  /** 0-based line inside the targeted request; undefined: the cursor. */
  readonly line: number | undefined;
  /** A caller acting deliberately: a production profile's token goes without the modal (core/production.ts). */
  readonly confirmProduction?: true;
}

export type ParsedInsertBearerArgs = { readonly ok: true; readonly args: InsertBearerArgs } | { readonly ok: false; readonly message: string };

export function parseInsertBearerArgs(arg: unknown): ParsedInsertBearerArgs {
  if (arg === undefined || arg === null) return { ok: true, args: { all: false, style: undefined, profile: undefined, uri: undefined, line: undefined } };
  if (typeof arg !== 'object') return fail(l10n.t('The argument must be an object like {0}.', '{ all: true, style: "dotenv", profile: "staging" }'));
  const raw = arg as Record<string, unknown>;
  const uriParts = uriPartsOf(raw);
  const all = raw.all ?? false;
  if (typeof all !== 'boolean') return fail(l10n.t('"all" must be true or false.'));
  const style = raw.style;
  if (style !== undefined && !isHeaderStyle(style)) return fail(l10n.t('"style" must be one of {0}.', HEADER_STYLES.map(s => `"${s}"`).join(', ')));
  const profile = raw.profile;
  if (profile !== undefined && (typeof profile !== 'string' || profile.trim() === '')) return fail(l10n.t('"profile" must be the name of a profile.'));
  const line = raw.line;
  if (line !== undefined && !(typeof line === 'number' && Number.isInteger(line) && line >= 0)) return fail(l10n.t('"line" must be a 0-based line number.'));
  let uri: string | UriParts | undefined = uriParts;
  if (!uri && raw.uri !== undefined) {
    uri = typeof raw.uri === 'string' && raw.uri !== '' ? raw.uri : typeof raw.uri === 'object' && raw.uri ? uriPartsOf(raw.uri as Record<string, unknown>) : undefined;
    if (!uri) return fail(l10n.t('"uri" must be a document URI.'));
  }
  return { ok: true, args: { all, style, profile: profile?.trim(), uri, line, ...(raw.confirmProduction === true ? { confirmProduction: true as const } : {}) } };
}

/** A Uri (or its spread fields): the object itself names the document. */
function uriPartsOf(raw: Record<string, unknown>): UriParts | undefined {
  const { scheme, path } = raw;
  if (typeof scheme !== 'string' || typeof path !== 'string' || scheme === '') return undefined;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  return { scheme, authority: text('authority'), path, query: text('query'), fragment: text('fragment') };
}

function fail(message: string): ParsedInsertBearerArgs {
  return { ok: false, message: l10n.t('Insert Bearer Header: {0}', message) };
}

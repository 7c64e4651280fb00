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
import type { HeaderStyle } from '../settingsRules';
import { isHeaderStyle } from './bearerHeader';

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
  /** A caller acting deliberately: a production profile's token goes without the modal (core/tokens/production.ts). */
  readonly confirmProduction?: true;
}

/** Which part of the argument is wrong (the command says it in words: bearerWords.ts). */
export type InsertBearerArgsProblem =
  | { readonly kind: 'not_an_object' }
  | { readonly kind: 'all_not_boolean' }
  | { readonly kind: 'unknown_style' }
  | { readonly kind: 'profile_not_a_name' }
  | { readonly kind: 'line_not_a_line_number' }
  | { readonly kind: 'uri_not_a_document' };

export type ParsedInsertBearerArgs = { readonly ok: true; readonly args: InsertBearerArgs } | { readonly ok: false; readonly problem: InsertBearerArgsProblem };

export function parseInsertBearerArgs(arg: unknown): ParsedInsertBearerArgs {
  if (arg === undefined || arg === null) return { ok: true, args: { all: false, style: undefined, profile: undefined, uri: undefined, line: undefined } };
  if (typeof arg !== 'object') return fail('not_an_object');
  const raw = arg as Record<string, unknown>;
  const uriParts = uriPartsOf(raw);
  const all = raw.all ?? false;
  if (typeof all !== 'boolean') return fail('all_not_boolean');
  const style = raw.style;
  if (style !== undefined && !isHeaderStyle(style)) return fail('unknown_style');
  const profile = raw.profile;
  if (profile !== undefined && (typeof profile !== 'string' || profile.trim() === '')) return fail('profile_not_a_name');
  const line = raw.line;
  if (line !== undefined && !(typeof line === 'number' && Number.isInteger(line) && line >= 0)) return fail('line_not_a_line_number');
  let uri: string | UriParts | undefined = uriParts;
  if (!uri && raw.uri !== undefined) {
    uri = typeof raw.uri === 'string' && raw.uri !== '' ? raw.uri : typeof raw.uri === 'object' && raw.uri ? uriPartsOf(raw.uri as Record<string, unknown>) : undefined;
    if (!uri) return fail('uri_not_a_document');
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

function fail(kind: InsertBearerArgsProblem['kind']): ParsedInsertBearerArgs {
  return { ok: false, problem: { kind } };
}

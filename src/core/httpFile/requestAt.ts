/**
 * Questions the editor glue asks of a parsed file: which block the cursor is in, and whether a request's
 * Authorization header already uses a given token reference (for a CodeLens per request: the request
 * line's offsets are `block.request.requestLine`).
 */
import type { HttpFileModel, HttpRequestHead, RequestBlock } from './model';

/**
 * The block holding `offset` (clamped to the text). A separator line belongs to the block it opens, so a
 * cursor on `### Get users` means that request; blank lines before the next `###` belong to the block above
 * (that is where REST Client's "send request" looks too). Undefined only for a model without blocks, which
 * `parseHttpFile` never returns.
 */
export function requestAt(model: HttpFileModel, offset: number): RequestBlock | undefined {
  const { blocks } = model;
  if (blocks.length === 0) return undefined;
  // Binary search: the last block starting at or before offset (blocks are contiguous from 0).
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (blocks[mid].start <= offset) low = mid;
    else high = mid - 1;
  }
  return blocks[low];
}

/** The blocks that have a request line, in text order (a CodeLens on each; what "every request" means). */
export function requestBlocks(model: HttpFileModel): readonly (RequestBlock & { readonly request: HttpRequestHead })[] {
  return model.blocks.filter((block): block is RequestBlock & { readonly request: HttpRequestHead } => block.request !== undefined);
}

/**
 * Whether the request's (first) Authorization header contains `reference`, e.g. `{{$dotenv KONEXUS_TOKEN}}`
 * or `{{konexusToken}}`. Both clients trim inside `{{ }}` and ignore how much whitespace separates words,
 * so `{{ $dotenv  KONEXUS_TOKEN }}` matches too. Case is significant (variable and env names are).
 */
export function authorizationUsesReference(request: HttpRequestHead, reference: string): boolean {
  const header = request.authorization;
  if (!header) return false;
  const wanted = normalizeTemplateText(reference);
  return wanted !== '' && normalizeTemplateText(header.value).includes(wanted);
}

/** Whitespace runs collapsed to one space, none just inside `{{` and `}}`. Linear: one scan, no regex. */
export function normalizeTemplateText(value: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (/\s/.test(ch)) {
      pendingSpace = out !== '';
      continue;
    }
    const closesTemplate = ch === '}' && value[i + 1] === '}';
    if (pendingSpace && !closesTemplate && !out.endsWith('{{')) out += ' ';
    pendingSpace = false;
    out += ch;
  }
  return out;
}

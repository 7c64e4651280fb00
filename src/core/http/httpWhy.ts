/**
 * What went wrong in an HTTP exchange (discovery, token, keys) or with an authority, as values: the edge
 * says it in words (src/platform/model/words/httpErrorWords.ts).
 */
export type HttpWhy = { readonly area: 'http'; readonly kind: 'todo' }; // placeholder: helper A replaces

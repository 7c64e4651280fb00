/**
 * What went wrong with a profile, a client credential or a token request, as values: the edge says it in
 * words (src/platform/model/words/tokenErrorWords.ts).
 */
export type TokenWhy = { readonly area: 'token'; readonly kind: 'todo' }; // placeholder: helper D replaces

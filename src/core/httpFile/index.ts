/**
 * The pure `.http` / `.env` text engine: no `vscode` import, offsets into the caller's text in, edits out.
 */
export type { Eol, TextLine } from './lines';
export type {
  CommentLine,
  FileVariable,
  HeaderLine,
  HttpFileModel,
  HttpRequestHead,
  MetadataLine,
  RequestBlock,
  Separator,
  TextSpan,
} from './model';
export { parseHttpFile } from './parse';
export { isAuthorizationHeader } from './parseBlock';
export { requestAt, requestBlocks, authorizationUsesReference, normalizeTemplateText } from './requestAt';
export {
  AUTHORIZATION_HEADER_NAME,
  authorizationHeaderEdits,
  fileVariableEdit,
  type AuthorizationHeaderOptions,
  type AuthorizationScope,
} from './edits';
export { applyEdits, editsAreWellFormed, type EditResult, type TextEdit, type TextEditError, type TextEditErrorCode } from './textEdit';
export { dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, encodeDotenvValue, parseDotenv, type DotenvEntry } from './dotenv';
export { isPortableName, PORTABLE_NAME_RULE } from './names';

/**
 * The pure `.http` / `.env` text engine: no `vscode` import, offsets into the caller's text in, edits out.
 */
export type { HttpFileModel, RequestBlock } from './model';
export { parseHttpFile } from './parse';
export { requestAt, requestBlocks, authorizationUsesReference } from './requestAt';
export { authorizationHeaderEdits, fileVariableEdit } from './edits';
export { applyEdits, editsAreWellFormed, type TextEdit, type TextEditErrorCode } from './textEdit';
export { dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, parseDotenv } from './dotenv';

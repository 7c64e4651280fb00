/**
 * The pure `.http` / `.env` text engine: no `vscode` import, offsets into the caller's text in, edits out.
 */
export type { HttpFileModel } from './model';
export { parseHttpFile } from './parse';
export { requestAt, requestBlocks, authorizationUsesReference } from './requestAt';
export { fileVariableEdit } from './edits';
export { applyEdits, type TextEdit } from './textEdit';
export { dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, parseDotenv } from './dotenv';
export { planBearerEdits, tokenReference } from './bearerHeader';
export { parseInsertBearerArgs, type InsertBearerArgs, type UriParts } from './insertBearerArgs';
export { isHttpFilePath } from './names';

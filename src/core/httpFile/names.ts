/**
 * The names this product writes: `.env` keys and `.http` file variables (and the file names it reads). One portable rule for both: what a
 * POSIX shell accepts as a variable name, which every dotenv reader and both HTTP clients also accept.
 */
export const PORTABLE_NAME_RULE = '[A-Za-z_][A-Za-z0-9_]*';

export function isPortableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** `.http` and `.rest` (any case): the files REST Client and httpYac open, whatever language id they got. */
export function isHttpFilePath(path: string): boolean {
  return /\.(?:http|rest)$/i.test(path);
}

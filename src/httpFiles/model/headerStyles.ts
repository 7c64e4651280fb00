/**
 * What each header style writes into a `.http` file. Pure: no `vscode` import, so it is tested in plain Node.
 *   dotenv        Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}   (the token lives in the .env beside the file)
 *   fileVariable  Authorization: Bearer {{konexusToken}}            (the token in `@konexusToken = …` at the top)
 *   literal       Authorization: Bearer eyJ…                        (the token itself; it expires)
 */
import type { HeaderStyle } from '../../core/settingsRules';

export const HEADER_STYLES: readonly HeaderStyle[] = ['dotenv', 'fileVariable', 'literal'];

export function isHeaderStyle(value: unknown): value is HeaderStyle {
  return typeof value === 'string' && (HEADER_STYLES as readonly string[]).includes(value);
}

/** The names the styles use, from the settings at the time of use. */
export interface TokenNames {
  readonly dotenvKey: string;
  readonly fileVariableName: string;
}

/** The `{{…}}` reference a style puts in the header; undefined for `literal`, which has none. */
export function tokenReference(style: HeaderStyle, names: TokenNames): string | undefined {
  switch (style) {
    case 'dotenv':
      return `{{$dotenv ${names.dotenvKey}}}`;
    case 'fileVariable':
      return `{{${names.fileVariableName}}}`;
    case 'literal':
      return undefined;
  }
}

/** The whole Authorization header value for a style. `accessToken` is only used by `literal`. */
export function authorizationValue(style: HeaderStyle, names: TokenNames, accessToken: string): string {
  return `Bearer ${tokenReference(style, names) ?? accessToken}`;
}

/** `.http` and `.rest` (any case): the files REST Client and httpYac open, whatever language id they got. */
export function isHttpFilePath(path: string): boolean {
  return /\.(?:http|rest)$/i.test(path);
}

/**
 * Any error in words for a person: a KonexusError from its `why`, anything else from its message. The one
 * way the glue shows an error (notifications, the log, the status bar, what getSession throws to others).
 */
import { isKonexusError } from '../../../core/errors';
import { httpWhyText } from './httpErrorWords';
import { tokenWhyText } from './tokenErrorWords';

export function errorText(error: unknown): string {
  if (isKonexusError(error)) {
    const why = error.why;
    switch (why.area) {
      case 'http': return httpWhyText(why);
      case 'token': return tokenWhyText(why);
      case 'words': return why.text;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

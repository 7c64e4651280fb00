/**
 * Any error in words for a person: a KonexusError from its `why`, anything else from its message. The one
 * way the glue shows an error (notifications, the log, the status bar, what getSession throws to others).
 */
import type { ErrorWhy } from '../../../core/errors';
import { httpWhyText } from './httpErrorWords';
import { tokenWhyText } from './tokenErrorWords';

export function errorText(error: unknown): string {
  const why = whyOf(error);
  if (why) {
    switch (why.area) {
      case 'http': return httpWhyText(why);
      case 'token': return tokenWhyText(why);
      case 'words': return why.text;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A KonexusError's `why`, read by shape rather than by class: an error made by another copy of the core
 * (the extension's bundle, seen from a test or another extension) is worded the same.
 */
function whyOf(error: unknown): ErrorWhy | undefined {
  if (!(error instanceof Error) || error.name !== 'KonexusError') return undefined;
  const why = (error as { why?: unknown }).why;
  if (typeof why !== 'object' || why === null) return undefined;
  const { area, kind } = why as { area?: unknown; kind?: unknown };
  return (area === 'http' || area === 'token' || area === 'words') && typeof kind === 'string' ? why as ErrorWhy : undefined;
}

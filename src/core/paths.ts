import { isAbsolute, relative, sep } from 'node:path';

/** `path` is `folder` or lies below it (both absolute and resolved). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

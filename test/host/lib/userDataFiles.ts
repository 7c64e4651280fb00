/**
 * Where the host writes on disk, for the suites that prove a secret never got there: every file under the
 * user-data folder (settings, logs, extension global/workspace state and storage) and the workspace. In
 * code-server SecretStorage lives in the browser profile, not under the server's user-data folder.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Every regular file under `root` (symlinks not followed), skipping `skip`. */
export function filesUnder(root: string, skip: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (skip(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** The user-data root: the folder above `User/globalStorage/<extension id>`. */
export function userDataRoot(globalStorage: string): string {
  let dir = globalStorage;
  for (let i = 0; i < 6 && dir !== dirname(dir); i++) {
    if (existsSync(join(dir, 'User')) && existsSync(join(dir, 'logs'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no user-data root (with User/ and logs/) above ${globalStorage}`);
}

export interface Needle {
  readonly what: string;
  readonly bytes: readonly Buffer[];
}

/** A text as it may be written: UTF-8, UTF-16LE (some state databases) and base64. */
export function needleOf(what: string, text: string): Needle {
  return { what, bytes: [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(Buffer.from(text).toString('base64'))] };
}

/** Which needles stand in which files ("<what> in <file relative to root>"), and how many bytes were read. */
export function findNeedles(files: readonly string[], needles: readonly Needle[], root: string): { hits: string[]; bytes: number } {
  let bytes = 0;
  const hits: string[] = [];
  for (const file of files) {
    let content: Buffer;
    try {
      if (statSync(file).size > 64 * 1024 * 1024) continue;
      content = readFileSync(file);
    } catch {
      continue; // a file that vanished or is locked (sockets, pipes) is not evidence either way
    }
    bytes += content.length;
    for (const needle of needles) if (needle.bytes.some(b => content.includes(b))) hits.push(`${needle.what} in ${relative(root, file)}`);
  }
  return { hits, bytes };
}

/**
 * The files whose token the extension keeps up to date, remembered in the workspace's state (a Memento):
 * `.env` files written by the dotenv style and `.http` documents with the fileVariable style's variable.
 * Paths (URI strings), key names and profile names only: never a token. Pure: the store is injected.
 *
 * A file bound to no profile follows the active one; one inserted with `{ profile }` stays with that profile.
 */
import { Emitter, type Disposable } from '../../core/async';
import type { KeyValueStore } from '../../core/tokens/stores';

export interface ManagedDotenv {
  /** The `.env` key written (the setting at the time of insertion). */
  readonly key: string;
  readonly profile?: string;
}

export interface ManagedVariable {
  /** The file variable name written. */
  readonly name: string;
  readonly profile?: string;
}

interface Stored {
  readonly dotenv: Readonly<Record<string, ManagedDotenv>>;
  readonly fileVariable: Readonly<Record<string, ManagedVariable>>;
}

export const MANAGED_FILES_KEY = 'konexus.httpFiles.managedFiles';

export class ManagedFiles {
  private readonly changed: Emitter<void>;

  constructor(private readonly store: KeyValueStore, log: (message: string) => void) {
    this.changed = new Emitter('ManagedFiles.onDidChange', log);
  }

  dotenvFiles(): ReadonlyArray<readonly [uri: string, entry: ManagedDotenv]> {
    return Object.entries(this.read().dotenv);
  }

  dotenv(uri: string): ManagedDotenv | undefined {
    return this.read().dotenv[uri];
  }

  variableDocuments(): ReadonlyArray<readonly [uri: string, entry: ManagedVariable]> {
    return Object.entries(this.read().fileVariable);
  }

  variableDocument(uri: string): ManagedVariable | undefined {
    return this.read().fileVariable[uri];
  }

  async setDotenv(uri: string, entry: ManagedDotenv): Promise<void> {
    const stored = this.read();
    await this.write({ ...stored, dotenv: { ...stored.dotenv, [uri]: clean(entry) } });
  }

  async removeDotenv(uri: string): Promise<void> {
    const stored = this.read();
    if (!(uri in stored.dotenv)) return;
    const { [uri]: _removed, ...rest } = stored.dotenv;
    await this.write({ ...stored, dotenv: rest });
  }

  async setVariableDocument(uri: string, entry: ManagedVariable): Promise<void> {
    const stored = this.read();
    await this.write({ ...stored, fileVariable: { ...stored.fileVariable, [uri]: clean(entry) } });
  }

  async removeVariableDocument(uri: string): Promise<void> {
    const stored = this.read();
    if (!(uri in stored.fileVariable)) return;
    const { [uri]: _removed, ...rest } = stored.fileVariable;
    await this.write({ ...stored, fileVariable: rest });
  }

  /** Called after every change (the CodeLens shows whether a file is kept). */
  onDidChange(listener: () => void): Disposable {
    return this.changed.event(listener);
  }

  private read(): Stored {
    const raw = this.store.get<unknown>(MANAGED_FILES_KEY);
    const record = isRecord(raw) ? raw : {};
    return {
      dotenv: entries<ManagedDotenv>(record.dotenv, 'key'),
      fileVariable: entries<ManagedVariable>(record.fileVariable, 'name'),
    };
  }

  private async write(stored: Stored): Promise<void> {
    await this.store.update(MANAGED_FILES_KEY, stored);
    this.changed.fire();
  }
}

/** Entries whose `nameField` is a string and whose `profile`, if any, is one; a corrupted entry is dropped. */
function entries<T>(raw: unknown, nameField: 'key' | 'name'): Record<string, T> {
  const valid: Record<string, T> = {};
  if (!isRecord(raw)) return valid;
  for (const [uri, entry] of Object.entries(raw)) {
    if (!isRecord(entry) || typeof entry[nameField] !== 'string') continue;
    if (entry.profile !== undefined && typeof entry.profile !== 'string') continue;
    valid[uri] = clean({ [nameField]: entry[nameField], profile: entry.profile }) as T;
  }
  return valid;
}

/** No `profile: undefined` in the stored JSON. */
function clean<T extends object>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { KeyValueStore, SecretStore } from '../../../src/core/tokens/stores';

/** SecretStorage in memory, shared between "windows", with change listeners like secrets.onDidChange. */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  /** Every key read, in order (a read is a round trip to the workbench in VS Code). */
  readonly reads: string[] = [];
  private readonly listeners = new Set<(key: string) => void>();

  /** `deliver` runs each change notification: at once by default; VS Code delivers them later. */
  constructor(private readonly deliver: (notify: () => void) => void = notify => notify()) {}

  async get(key: string): Promise<string | undefined> {
    this.reads.push(key);
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.writes.push(key);
    this.deliver(() => { for (const l of this.listeners) l(key); });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.deliver(() => { for (const l of this.listeners) l(key); });
  }

  onDidChange(listener: (key: string) => void): void {
    this.listeners.add(listener);
  }
}

/** A Memento in memory that, like globalState, accepts only JSON-able values. */
export class MemoryMemento implements KeyValueStore {
  readonly values = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
}

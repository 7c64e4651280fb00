/** The storage the core is given: VS Code's SecretStorage and Mementos, or in-memory ones in tests. */

/** VS Code's SecretStorage, as far as the core needs it. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** VS Code's Memento (globalState), for the non-secret profile list and the active profile. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

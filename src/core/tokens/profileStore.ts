import { toProfile, type Profile, type ProfileInput } from './profiles';
import type { KeyValueStore } from './stores';

const PROFILES_KEY = 'konexus.profiles';
const ACTIVE_KEY = 'konexus.activeProfile';

export interface ProfileStoreDeps {
  readonly state: KeyValueStore;
  /** Per-workspace memory (workspaceState): the profile chosen in this workspace wins. */
  readonly workspaceState?: KeyValueStore;
  /** The workspace's `konexus.defaultProfile` setting. */
  readonly preferredProfile?: () => string | undefined;
}

/** The profile list (no secrets) and the choice of the active profile, in the Mementos. */
export class ProfileStore {
  constructor(private readonly deps: ProfileStoreDeps) {}

  profiles(): readonly Profile[] {
    const stored = this.deps.state.get<unknown[]>(PROFILES_KEY) ?? [];
    const valid: Profile[] = [];
    for (const item of stored) {
      try {
        valid.push(toProfile(item as ProfileInput));
      } catch {
        // a corrupted entry is skipped rather than breaking every profile
      }
    }
    return valid;
  }

  /**
   * The profile in use: the one chosen in this workspace, else the workspace's default setting, else the
   * one chosen last anywhere, else the first. Names that no longer exist are skipped.
   */
  activeProfile(): Profile | undefined {
    const all = this.profiles();
    const candidates = [this.deps.workspaceState?.get<string>(ACTIVE_KEY), this.deps.preferredProfile?.(), this.deps.state.get<string>(ACTIVE_KEY)];
    for (const name of candidates) {
      const found = name ? all.find(p => p.name === name) : undefined;
      if (found) return found;
    }
    return all[0];
  }

  /** The profile chosen last in any window. */
  lastChosen(): string | undefined {
    return this.deps.state.get<string>(ACTIVE_KEY);
  }

  async save(profiles: readonly Profile[]): Promise<void> {
    await this.deps.state.update(PROFILES_KEY, profiles);
  }

  async choose(name: string | undefined): Promise<void> {
    await this.deps.state.update(ACTIVE_KEY, name);
    await this.deps.workspaceState?.update(ACTIVE_KEY, name);
  }
}

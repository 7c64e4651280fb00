/** Small checks of command arguments, shared by the command handlers. */

/** A plain object argument (`{ name: … }`), not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The profile a command argument names: `'name'`, `{profile: 'name'}`, `{name: 'name'}`, or the Profiles view's
 * item (`{profile: {name}}`, what VS Code passes to a command run from the view's context menu or inline
 * buttons). Undefined when it names none (the command then asks, or uses the active profile).
 */
export function profileNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!isObject(arg)) return undefined;
  const named = isObject(arg.profile) ? arg.profile.name : arg.profile ?? arg.name;
  return typeof named === 'string' ? named : undefined;
}

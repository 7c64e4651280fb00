/** Small checks of command arguments, shared by the command handlers. */

/** A plain object argument (`{ name: … }`), not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

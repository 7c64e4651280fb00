/**
 * The workbench's console, as it forwards it to `window.codeAutomationLog(type, args)` while a test
 * payload runs (the extension host's console.log lands there too): formatted, stripped of console
 * styling, and filtered of what VS Code itself logs on every start on a machine without internet.
 * A message is dropped whole (stack included) only when it matches a known-harmless pattern; anything
 * else, our extension's errors included, is shown.
 */
import { format } from 'node:util';

const HARMLESS: RegExp[] = [
  // connection set-up of the workbench
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\] registered/,
  /^Creation of workbench contribution '[^']+' took \d+ms/, // a busy machine's slow start, not a fault
  // built-in chat / agents / Copilot without an account
  /^\[AgentHost:/,
  /^\[AccountPolicyGate\]/,
  /No signed-in session resolved/i,
  /Timed out waiting for authentication provider 'github'/,
  /\[(GitHub )?Copilot|copilot-chat/i,
  // the extension gallery (open-vsx.org), unreachable here
  /open-vsx\.org|queryRawGalleryExtensions|getaddrinfo (ENOTFOUND|EAI_AGAIN)|Failed to fetch/i,
];

export function isHarmless(message: string): boolean {
  return HARMLESS.some(pattern => pattern.test(message));
}

/** One printable text from a forwarded console call: `%c` styles and their CSS arguments removed. */
export function formatForwarded(args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  const [first, ...rest] = list;
  if (typeof first === 'string' && first.includes('%c')) {
    const styles = (first.match(/%c/g) ?? []).length;
    return format(first.replace(/%c/g, ''), ...rest.slice(styles)).trimEnd();
  }
  return format(...list).trimEnd();
}

/** Every command id of the extension: the public contract (keybindings, tasks, other extensions, tests). */
export const Command = {
  addProfile: 'konexus.addProfile',
  removeProfile: 'konexus.removeProfile',
  selectProfile: 'konexus.selectProfile',
  updateSecret: 'konexus.updateSecret',
  signOut: 'konexus.signOut',
  markProduction: 'konexus.markProduction',
  reviewSecrets: 'konexus.reviewSecrets',
  /** Key-pair (private_key_jwt) profiles only: the public keys to register at Konexus. */
  showPublicKey: 'konexus.showPublicKey',
  /** Key-pair profiles only: add a new key, pending until a token request proves it. */
  rotateKey: 'konexus.rotateKey',
  refreshToken: 'konexus.refreshToken',
  copyToken: 'konexus.copyToken',
  copyAuthorizationHeader: 'konexus.copyAuthorizationHeader',
  copyCurl: 'konexus.copyCurl',
  inspectToken: 'konexus.inspectToken',
  inspectCurrentToken: 'konexus.inspectCurrentToken',
  insertBearerHeader: 'konexus.insertBearerHeader',
  insertBearerHeaderAll: 'konexus.insertBearerHeaderAll',
  showLog: 'konexus.showLog',
  statusBarMenu: 'konexus.statusBarMenu',
  copyValue: 'konexus.copyValue',
  /** Run from the inspector's "Trust this issuer and verify…" node: confirm once, then verify. Hidden from the palette. */
  trustIssuer: 'konexus.trustIssuer',
  forgetTrustedIssuers: 'konexus.forgetTrustedIssuers',
  /** Internal (not contributed): what the Leak guard's Quick Fixes run. */
  leakGuardFix: 'konexus.leakGuard.fix',
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

/** A command handler: takes the optional argument object of the contract, returns a result for tests. */
export type CommandHandler = (arg?: unknown, ...rest: unknown[]) => unknown;

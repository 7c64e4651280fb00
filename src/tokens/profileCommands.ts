/**
 * The profile commands (add, remove, select, update secret, sign out, mark production), run from the command
 * table; the authentication provider's createSession adds a profile through addProfile too.
 */
import * as vscode from 'vscode';
import { isObject, profileNameOf } from '../platform/model/commandArgs';
import { DEFAULT_AUTHORITY, DEFAULT_SCOPE, authorityKey, parseAuthority } from '../core/authority';
import { authorityProblemText } from '../platform/model/words/httpErrorWords';
import { KonexusError } from '../core/errors';
import { isProduction } from '../core/tokens/production';
import { clientIdProblem, type Profile } from '../core/tokens/profiles';
import { errorText } from '../platform/model/words/errorWords';
import { clientIdValidation, profileNameValidation } from '../platform/model/words/profileWords';
import type { ClientAuthMethod } from '../core/tokens/tokenClient';
import type { Services } from '../platform/services';
import type { ProductionGate } from './productionGate';
import { presentError } from './presentError';
import { CLIENT_KEY_ALGS, isClientKeyAlg, type ClientKeyAlg } from '../core/tokens/clientKeys';
import { askCredentialKind, askKeyAlgorithm, keyPairAlgorithms, newKeySetValue, presentPublicKey } from './clientKeyCommands';
import { usesKeyPair } from './model/credentialKind';
import { replacementNeedsConfirmation, secretPromptText, secretReplacementText, type SecretTarget } from './model/secretPrompts';

interface AddProfileArgs {
  name?: string;
  authority?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  clientAuthMethod?: ClientAuthMethod;
  /** With clientAuthMethod 'private_key_jwt': the algorithm of the key pair made for it (default RS256). */
  keyAlgorithm?: ClientKeyAlg;
  /** Mark the profile as production (the production authority is so anyway): token use asks first. */
  production?: boolean;
  /** Fetch a token right away to prove the credentials (default true; false for a new key pair, not registered yet). */
  fetchToken?: boolean;
}

/**
 * `konexus.addProfile`: with an argument object it runs without prompts (tests, tasks, other
 * extensions); without one it asks step by step, validating each answer. Returns the profile name,
 * undefined when cancelled. The secret prompt names the server and the client; a different secret for an
 * authority + client id that already has one stored replaces it only after a modal confirmation, with an
 * argument object too (cancelled: undefined, nothing changed). Where the authority's discovery lists
 * private_key_jwt the credential may be a key pair made here instead (`clientAuthMethod: 'private_key_jwt'`,
 * `keyAlgorithm`): only the key set is stored, and the public key is shown to be registered at Konexus.
 */
export async function addProfile(services: Services, arg?: unknown): Promise<string | undefined> {
  const given = (isObject(arg) ? arg : {}) as AddProfileArgs;
  const existing = services.tokens.profiles().map(p => p.name);
  const keyPairGiven = given.clientAuthMethod === 'private_key_jwt';
  if (given.keyAlgorithm !== undefined && !isClientKeyAlg(given.keyAlgorithm)) {
    throw new KonexusError('invalid_request', { area: 'token', kind: 'notOneOf', field: 'keyAlgorithm', allowed: CLIENT_KEY_ALGS });
  }
  const interactive = !isObject(arg) || (given.clientSecret === undefined && !keyPairGiven);
  // A command argument chose where the secret goes (another extension, a task, a link): every prompt says so.
  const chosenByCaller = isObject(arg) && (given.authority !== undefined || given.clientId !== undefined);
  const input = interactive ? await askProfile(services, given, existing, chosenByCaller) : given;
  if (!input) return undefined;
  // A key pair is made only now, once every answer is in: a cancelled prompt leaves nothing behind.
  const keyPair = usesKeyPair({ clientAuthMethod: input.clientAuthMethod ?? 'auto' }) ? await newKeySetValue(services, input.keyAlgorithm ?? 'RS256') : undefined;
  const credential = keyPair?.value ?? input.clientSecret;
  const replace = await confirmSecretReplacement(services, input, credential, { askedByCommandArgument: !interactive || chosenByCaller });
  if (!replace) return undefined;
  const profile = await services.tokens.addProfile({ ...input, clientSecret: credential });
  if (keyPair) {
    services.log.info(`[addProfile] ${profile.name}: made a ${keyPair.set.keys[0]!.alg} key pair (kid ${keyPair.set.keys[0]!.kid}); its public key must be registered with ${profile.clientId}`);
    if (interactive) await presentPublicKey(services, profile, keyPair.set, 'added');
  }
  if (keyPair ? given.fetchToken === true : given.fetchToken !== false) {
    try {
      const token = await services.tokens.getToken(profile.name, { force: true, byUser: true });
      const minutes = Math.round((token.expiresAt - services.clock.now()) / 60_000);
      if (interactive) void vscode.window.showInformationMessage(vscode.l10n.t('Konexus: profile "{0}" is ready; its token is valid for {1} min.', profile.name, minutes));
    } catch (error) {
      if (!interactive) throw error;
      await presentError(services, error, { profile: profile.name });
    }
  }
  return profile.name;
}

async function askProfile(services: Services, given: AddProfileArgs, existing: readonly string[], chosenByCaller: boolean): Promise<AddProfileArgs | undefined> {
  const steps = 5;
  const name = given.name ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Konexus Profile ({0}/{1})', 1, steps), prompt: vscode.l10n.t('A name for these credentials, shown in the status bar'),
    placeHolder: 'staging', ignoreFocusOut: true, validateInput: v => profileNameValidation(v, existing),
  });
  if (name === undefined) return undefined;
  const authority = given.authority ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Konexus Profile ({0}/{1})', 2, steps), prompt: vscode.l10n.t('The identity server (authority)'), value: DEFAULT_AUTHORITY,
    ignoreFocusOut: true, validateInput: authorityProblemText,
  });
  if (authority === undefined) return undefined;
  const clientId = given.clientId ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Konexus Profile ({0}/{1})', 3, steps), prompt: vscode.l10n.t('Your application\'s client id'), placeHolder: 'ext-1741-sample-client',
    ignoreFocusOut: true, validateInput: clientIdValidation,
  });
  if (clientId === undefined) return undefined;
  const target = secretTarget(authority, clientId);
  const credentialHeading = vscode.l10n.t('Add Konexus Profile ({0}/{1})', 4, steps);
  // The credential: a key pair where the server takes one and the user picks it, else a client secret.
  const algorithms = given.clientSecret === undefined && given.clientAuthMethod === undefined ? await keyPairAlgorithms(services, authority) : undefined;
  const kind = algorithms?.length ? await askCredentialKind(credentialHeading, clientId) : 'secret';
  if (kind === undefined) return undefined;
  if (kind === 'keyPair') {
    const keyAlgorithm = await askKeyAlgorithm(`${credentialHeading} · ${vscode.l10n.t('Key pair')}`, algorithms!);
    if (keyAlgorithm === undefined) return undefined;
    const scope = await askScope(given, steps);
    return scope === undefined ? undefined : { ...given, name, authority, clientId, clientAuthMethod: 'private_key_jwt', keyAlgorithm, scope };
  }
  const clientSecret = given.clientSecret ?? await vscode.window.showInputBox({
    ...secretPromptText(target ?? { authority, clientId }, {
      heading: credentialHeading, chosenByCaller,
      sharedWith: target ? services.tokens.credentialUsers(target).map(p => p.name) : [],
    }),
    password: true, ignoreFocusOut: true, validateInput: v => (v.trim() ? undefined : vscode.l10n.t('Enter the client secret.')),
  });
  if (clientSecret === undefined) return undefined;
  const scope = await askScope(given, steps);
  if (scope === undefined) return undefined;
  return { ...given, name, authority, clientId, clientSecret, scope };
}

async function askScope(given: AddProfileArgs, steps: number): Promise<string | undefined> {
  return given.scope ?? vscode.window.showInputBox({
    title: vscode.l10n.t('Add Konexus Profile ({0}/{1})', 5, steps), prompt: vscode.l10n.t('Scope to request'), value: DEFAULT_SCOPE, ignoreFocusOut: true,
    validateInput: v => (v.trim() ? undefined : vscode.l10n.t('Enter a scope, e.g. tamarack.')),
  });
}

/** Resolves `{name}` / `{profile}` or asks with a QuickPick. Undefined when the user cancels. */
async function pickProfile(services: Services, arg: unknown, placeHolder: string): Promise<Profile | undefined> {
  const profiles = services.tokens.profiles();
  const named = profileNameOf(arg);
  if (named !== undefined) {
    const found = profiles.find(p => p.name === named);
    if (!found) throw new KonexusError('unknown_profile', { area: 'token', kind: 'unknownProfile', name: named });
    return found;
  }
  if (profiles.length === 0) throw new KonexusError('unknown_profile', { area: 'token', kind: 'noProfile' });
  const active = services.tokens.activeProfile()?.name;
  const picked = await vscode.window.showQuickPick(
    profiles.map(p => ({ label: p.name, description: p.name === active ? vscode.l10n.t('active') : '', detail: `${p.clientId} · ${p.authority} · ${p.scope}`, profile: p })),
    { placeHolder, ignoreFocusOut: true },
  );
  return picked?.profile;
}

export async function removeProfile(services: Services, arg?: unknown): Promise<boolean> {
  const profile = await pickProfile(services, arg, vscode.l10n.t('Remove which profile? Its secret and cached token are deleted.'));
  if (!profile) return false;
  await services.tokens.removeProfile(profile.name);
  return true;
}

export async function selectProfile(services: Services, arg?: unknown): Promise<string | undefined> {
  const profile = await pickProfile(services, arg, vscode.l10n.t('Switch to which profile?'));
  if (!profile) return undefined;
  await services.tokens.selectProfile(profile.name);
  return profile.name;
}

export async function signOut(services: Services, arg?: unknown): Promise<boolean> {
  const profile = await pickProfile(services, arg, vscode.l10n.t('Sign out of which profile? Its secret and cached token are deleted.'));
  if (!profile) return false;
  await services.tokens.signOut(profile.name);
  return true;
}

/**
 * `konexus.markProduction` {name, production?}: marks a profile as production (its token then leaves the
 * extension only after a confirmation), or unmarks it. Unmarking always asks in a modal dialog, even with an
 * argument object: it turns a guard off. A profile at the production authority stays production. Returns
 * whether the profile is production now, undefined when cancelled.
 */
export async function markProduction(services: Services, gate: ProductionGate, arg?: unknown): Promise<boolean | undefined> {
  const profile = await pickProfile(services, arg, vscode.l10n.t('Mark which profile as production?'));
  if (!profile) return undefined;
  let production = isObject(arg) && typeof arg.production === 'boolean' ? arg.production : undefined;
  if (production === undefined) {
    const on = vscode.l10n.t('Production: ask before its token leaves the extension');
    const off = vscode.l10n.t('Not production');
    const picked = await vscode.window.showQuickPick([on, off], { placeHolder: vscode.l10n.t('Is "{0}" a production profile?', profile.name), ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    production = picked === on;
  }
  if (!production && profile.production === true) {
    const unmark = vscode.l10n.t('Unmark');
    const answer = await Promise.resolve(vscode.window.showWarningMessage(
      vscode.l10n.t('Unmark "{0}" as production? Its token would then be copied and written without asking.', profile.name), { modal: true }, unmark,
    )).catch(() => undefined);
    if (answer !== unmark) return undefined;
  }
  const changed = await services.tokens.setProduction(profile.name, production);
  if (!production) gate.forgetProfile(profile.name);
  const still = isProduction(changed);
  if (!production && still) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" stays a production profile: its authority is the Konexus production server.', profile.name));
  }
  return still;
}

/**
 * `konexus.updateSecret` {name, clientSecret?, fetchToken?}: the prompt names the profile, the client and the
 * server. A secret given as an argument that differs from the stored one, or one that also changes other
 * profiles sharing the credential, is stored only after a modal confirmation. False when cancelled.
 */
export async function updateSecret(services: Services, arg?: unknown): Promise<boolean> {
  const profile = await pickProfile(services, arg, vscode.l10n.t('Update the client secret of which profile?'));
  if (!profile) return false;
  // A typed secret would overwrite the key set and leave a private_key_jwt profile with nothing to sign with.
  if (usesKeyPair(profile)) throw new KonexusError('invalid_request', { area: 'token', kind: 'usesKeyPair', profile: profile.name });
  const given = isObject(arg) && typeof arg.clientSecret === 'string' ? arg.clientSecret : undefined;
  const users = services.tokens.credentialUsers(profile).map(p => p.name);
  const secret = given ?? await vscode.window.showInputBox({
    ...secretPromptText(profile, { profile: profile.name, sharedWith: users }), password: true, ignoreFocusOut: true,
    validateInput: v => (v.trim() ? undefined : vscode.l10n.t('Enter the client secret.')),
  });
  if (secret === undefined) return false;
  const typedForProfile = given === undefined ? profile.name : undefined;
  if (!(await confirmSecretReplacement(services, profile, secret, { typedForProfile, askedByCommandArgument: given !== undefined }))) return false;
  await services.tokens.setSecret(profile.name, secret);
  // Check the new secret at once, as Add Profile does: a wrong one is said now, not at the next API call.
  if (!(isObject(arg) && arg.fetchToken === false)) {
    try {
      await services.tokens.getToken(profile.name, { force: true, byUser: true });
      if (given === undefined) void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: signed in as "{0}"', profile.name)}`, 4000);
    } catch (error) {
      if (given !== undefined) throw error;
      await presentError(services, error, { profile: profile.name });
    }
  }
  return true;
}

/** The credential a secret is stored under, normalised as profiles store it; undefined when the input does not parse. */
function secretTarget(authority: unknown, clientId: unknown): SecretTarget | undefined {
  try {
    const parsed = authorityKey(parseAuthority(typeof authority === 'string' && authority.trim() ? authority : DEFAULT_AUTHORITY));
    return typeof clientId === 'string' && !clientIdProblem(clientId) ? { authority: parsed, clientId: clientId.trim() } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Before a different secret replaces one stored for the same authority + client id: a modal dialog naming the
 * client, the server and the profiles that use it (secretPrompts.ts decides when). True: go ahead. A
 * cancelled, dismissed or refused dialog (the test-mode workbench refuses dialogs) replaces nothing. Input
 * that does not parse is left to TokenService, which says what is wrong.
 */
async function confirmSecretReplacement(
  services: Services,
  input: { authority?: unknown; clientId?: unknown },
  secret: unknown,
  context: { typedForProfile?: string; askedByCommandArgument: boolean },
): Promise<boolean> {
  const target = secretTarget(input.authority, input.clientId);
  if (!target || typeof secret !== 'string' || !secret.trim()) return true;
  const stored = await services.tokens.compareStoredSecret(target, secret);
  const users = services.tokens.credentialUsers(target).map(p => p.name);
  if (!replacementNeedsConfirmation(stored, { typedForProfile: context.typedForProfile, users })) return true;
  const text = secretReplacementText(target, users, context.askedByCommandArgument);
  let picked: string | undefined;
  try {
    picked = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, text.replace);
  } catch (error) {
    services.log.warn(`[secrets] the confirmation could not be shown: ${errorText(error)}`);
  }
  const replaced = picked === text.replace;
  services.log.info(`[secrets] replace the stored secret of ${target.clientId} at ${target.authority} (used by ${users.join(', ') || 'no profile'})${context.askedByCommandArgument ? ', asked by a command argument' : ''}: ${replaced ? 'confirmed' : 'cancelled'}`);
  return replaced;
}

/**
 * Key-pair (private_key_jwt) profiles on the VS Code side: Add Profile's credential and algorithm picks,
 * `konexus.showPublicKey` and `konexus.rotateKey`, and the dialog that shows a key set's public part. The
 * key set itself is made and read only by core/tokens/clientKeys.ts and stored only in SecretStorage, under the
 * same key as a client secret (TokenService.setSecret). Nothing here shows, copies or logs a private key.
 */
import * as vscode from 'vscode';
import { isObject, profileNameOf } from '../platform/model/commandArgs';
import { CLIENT_KEY_ALGS, generateClientKey, isClientKeyAlg, parseClientKeySet, publicJwk, publicJwks, rotateClientKey, serializeClientKeySet, type ClientKeyAlg, type ClientKeySet } from '../core/tokens/clientKeys';
import type { IssuerMetadata } from '../core/http/discovery';
import { KonexusError } from '../core/errors';
import { secretKey, type Profile } from '../core/tokens/profiles';
import type { Services } from '../platform/services';
import { describeClientKeySet, publicKeyText, type PublicKeyOccasion } from './model/clientKeyPrompts';
import { usesKeyPair } from './model/credentialKind';
import { errorText } from '../platform/model/words/errorWords';

/** How long Add Profile waits for discovery before it asks for a client secret instead. */
const DISCOVERY_WAIT_MS = 5_000;

/** What the public-key commands return to a programmatic caller: public parts only. */
export interface PublicKeyResult {
  readonly name: string;
  /** The key in use (keys[0]). */
  readonly kid: string;
  /** The newer key a rotation added, not yet proven. */
  readonly pending?: string;
  readonly jwks: ReturnType<typeof publicJwks>;
}

/**
 * The key algorithms the authority accepts for client assertions, when its discovery lists private_key_jwt;
 * undefined when it does not, or cannot be asked within a few seconds (Add Profile then asks for a secret).
 */
export async function keyPairAlgorithms(services: Services, authority: string): Promise<readonly ClientKeyAlg[] | undefined> {
  let metadata: IssuerMetadata;
  try {
    metadata = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Konexus: asking {0} which client authentication it supports…', authority) },
      () => services.discovery.get(authority, AbortSignal.timeout(DISCOVERY_WAIT_MS)),
    );
  } catch (error) {
    services.log.info(`[addProfile] discovery of ${authority} failed, so only a client secret is offered: ${errorText(error)}`);
    return undefined;
  }
  if (!metadata.authMethods?.includes('private_key_jwt')) return undefined;
  const listed = metadata.server.token_endpoint_auth_signing_alg_values_supported;
  // Discovery that names no algorithms: both are offered (OpenID Connect Discovery: servers SHOULD support RS256).
  return Array.isArray(listed) ? CLIENT_KEY_ALGS.filter(alg => listed.includes(alg)) : CLIENT_KEY_ALGS;
}

/** Add Profile's credential step: a client secret, or a key pair made here. Undefined when cancelled. */
export async function askCredentialKind(title: string, client: string): Promise<'secret' | 'keyPair' | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Client secret'), detail: vscode.l10n.t('The secret Konexus gave you for this client, typed or pasted next.'), credential: 'secret' as const },
    { label: vscode.l10n.t('Key pair (private_key_jwt)'), detail: vscode.l10n.t('A key pair made here: the private key stays in VS Code\'s secret storage, you register the public key with the client at Konexus. No shared secret.'), credential: 'keyPair' as const },
  ], { title, placeHolder: vscode.l10n.t('How does {0} authenticate?', client), ignoreFocusOut: true });
  return picked?.credential;
}

/**
 * The key algorithm. RS256 first and preselected: every IdentityServer version accepts RSA keys for
 * private_key_jwt (OpenID Connect Discovery: servers SHOULD support RS256), and registration forms that take
 * an X.509 certificate or an RSA JWK take it; ES256 (smaller keys and signatures) when the server lists it.
 */
export async function askKeyAlgorithm(title: string, offered: readonly ClientKeyAlg[]): Promise<ClientKeyAlg | undefined> {
  if (offered.length === 1) return offered[0];
  const details: Record<ClientKeyAlg, string> = {
    RS256: vscode.l10n.t('RSA 2048-bit. Accepted by every IdentityServer version; the usual choice.'),
    ES256: vscode.l10n.t('Elliptic curve P-256. Smaller keys and signatures; your server must accept EC keys.'),
  };
  const picked = await vscode.window.showQuickPick(offered.map(alg => ({ label: alg, detail: details[alg], alg })), {
    title, placeHolder: vscode.l10n.t('Which key algorithm?'), ignoreFocusOut: true,
  });
  return picked?.alg;
}

/** A new key set, serialized for SecretStorage. */
export async function newKeySetValue(services: Services, alg: ClientKeyAlg): Promise<{ set: ClientKeySet; value: string }> {
  const set = await generateClientKey(alg, services.clock.now());
  return { set, value: serializeClientKeySet(set) };
}

/** The profile's stored key set; undefined when there is none (signed out). */
async function storedKeySet(secrets: vscode.SecretStorage, profile: Profile): Promise<ClientKeySet | undefined> {
  const stored = await secrets.get(secretKey(profile));
  return stored === undefined ? undefined : parseClientKeySet(stored);
}

function noKeyPair(profile: Profile): KonexusError {
  return new KonexusError('missing_secret', { area: 'token', kind: 'keyPairMissing', profile: profile.name });
}

function result(name: string, set: ClientKeySet): PublicKeyResult {
  return { name, kid: set.keys[0]!.kid, ...(set.pending === undefined ? {} : { pending: set.pending }), jwks: publicJwks(set) };
}

/**
 * The key-pair profile an argument names (`{name}`, `{profile}`, or the profiles view's item), or one the
 * user picks among the key-pair profiles. `viaView`: the argument is the view's item, so the user is there
 * and the command shows its dialog as from the palette.
 */
async function pickKeyPairProfile(services: Services, arg: unknown, placeHolder: string): Promise<{ profile: Profile; interactive: boolean } | undefined> {
  const fromView = isObject(arg) && isObject(arg.profile) ? arg.profile.name : undefined;
  const named = profileNameOf(arg);
  const interactive = !isObject(arg) || typeof fromView === 'string';
  const keyPairs = services.tokens.profiles().filter(usesKeyPair);
  if (typeof named === 'string') {
    const profile = services.tokens.profile(named);
    if (!profile) throw new KonexusError('unknown_profile', { area: 'token', kind: 'unknownProfile', name: named });
    if (!usesKeyPair(profile)) throw new KonexusError('invalid_request', { area: 'token', kind: 'noPublicKey', profile: named });
    return { profile, interactive };
  }
  if (!keyPairs.length) throw new KonexusError('unknown_profile', { area: 'token', kind: 'noKeyPairProfile' });
  const picked = keyPairs.length === 1 ? { profile: keyPairs[0]! } : await vscode.window.showQuickPick(
    keyPairs.map(p => ({ label: p.name, detail: `${p.clientId} · ${p.authority}`, profile: p })), { placeHolder, ignoreFocusOut: true },
  );
  return picked ? { profile: picked.profile, interactive } : undefined;
}

/**
 * `konexus.showPublicKey` {name}: the profile's public keys (JWKS) to register at Konexus. With an argument
 * object returns them without UI; from the palette or the profiles view, a dialog to copy or open them.
 */
export async function showPublicKey(services: Services, secrets: vscode.SecretStorage, arg?: unknown): Promise<PublicKeyResult | undefined> {
  const chosen = await pickKeyPairProfile(services, arg, vscode.l10n.t('Show the public key of which profile?'));
  if (!chosen) return undefined;
  const set = await storedKeySet(secrets, chosen.profile);
  if (!set) throw noKeyPair(chosen.profile);
  if (chosen.interactive) await presentPublicKey(services, chosen.profile, set, 'shown');
  return result(chosen.profile.name, set);
}

/**
 * `konexus.rotateKey` {name, keyAlgorithm?}: adds a new key as pending (same algorithm unless given) and shows
 * the JWKS with both keys to register. The token client tries the pending key first; the first success
 * promotes it and drops the old key (core/tokens/keyPromotion.ts). A rotation already pending adds nothing: its JWKS is shown
 * again. A profile signed out (no key stored) gets a new key set, to register as after Add Profile. Every
 * profile sharing the client (same authority and client id) shares the key set.
 */
export async function rotateKey(services: Services, secrets: vscode.SecretStorage, arg?: unknown): Promise<PublicKeyResult | undefined> {
  const chosen = await pickKeyPairProfile(services, arg, vscode.l10n.t('Rotate the client key of which profile?'));
  if (!chosen) return undefined;
  const { profile } = chosen;
  const asked = isObject(arg) ? arg.keyAlgorithm : undefined;
  if (asked !== undefined && !isClientKeyAlg(asked)) throw new KonexusError('invalid_request', { area: 'token', kind: 'notOneOf', field: 'keyAlgorithm', allowed: CLIENT_KEY_ALGS });
  const stored = await storedKeySet(secrets, profile);
  if (!stored) {
    const { set, value } = await newKeySetValue(services, asked ?? 'RS256');
    await services.tokens.setSecret(profile.name, value);
    services.log.info(`[rotateKey] ${profile.name}: no key was stored (signed out); made a new ${set.keys[0]!.alg} key pair (kid ${set.keys[0]!.kid})`);
    if (chosen.interactive) await presentPublicKey(services, profile, set, 'added');
    return result(profile.name, set);
  }
  let set = stored;
  if (set.pending === undefined) {
    set = await rotateClientKey(set, asked ?? set.keys[0]!.alg, services.clock.now());
    await services.tokens.setSecret(profile.name, serializeClientKeySet(set));
    services.log.info(`[rotateKey] ${profile.name}: added key ${set.pending} (${describeClientKeySet(set)}); the old key goes once the new one is accepted`);
  } else {
    services.log.info(`[rotateKey] ${profile.name}: key ${set.pending} is still pending; nothing added`);
  }
  if (chosen.interactive) await presentPublicKey(services, profile, set, 'rotated');
  return result(profile.name, set);
}

/**
 * The modal dialog with the public key: copy the key in use (or the pending one) as a JWK, copy the JWKS,
 * or open the JWKS as an untitled JSON document. Public members only (core/tokens/clientKeys.ts strips the rest).
 */
export async function presentPublicKey(services: Services, profile: Profile, set: ClientKeySet, occasion: PublicKeyOccasion): Promise<void> {
  const text = publicKeyText({ ...profile, profile: profile.name }, set, occasion);
  const copyJwk = vscode.l10n.t('Copy Public JWK');
  const copyJwks = vscode.l10n.t('Copy JWKS');
  const open = vscode.l10n.t('Open as JSON');
  let picked: string | undefined;
  try {
    picked = await vscode.window.showInformationMessage(text.message, { modal: true, detail: text.detail }, copyJwk, copyJwks, open);
  } catch (error) {
    // The test-mode workbench refuses dialogs: Show Public Key shows it again any time.
    services.log.warn(`[publicKey] the dialog could not be shown: ${errorText(error)}`);
  }
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (picked === copyJwk) {
    await vscode.env.clipboard.writeText(json(publicJwk(set, set.pending ?? set.keys[0]!.kid)));
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: public key of "{0}" copied', profile.name)}`, 4000);
  } else if (picked === copyJwks) {
    await vscode.env.clipboard.writeText(json(publicJwks(set)));
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Konexus: JWKS of "{0}" copied', profile.name)}`, 4000);
  } else if (picked === open) {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: json(publicJwks(set)) });
    await vscode.window.showTextDocument(document, { preview: false });
  }
}

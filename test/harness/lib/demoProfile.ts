/**
 * The profile the extension creates on activation in Development mode (src/demoProfile.ts) from
 * KONEXUS_DEMO_PROFILE: the local Konexus identity server and its published demo client.
 */
import { DEMO_CLIENT } from '../../idp/konexusIdp';

const DEMO_PROFILE_ENV = 'KONEXUS_DEMO_PROFILE';

export function demoProfileEnv(issuer: string): Record<string, string> {
  const profile = { name: 'demo', authority: issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, scope: 'tamarack' };
  return { [DEMO_PROFILE_ENV]: JSON.stringify(profile) };
}

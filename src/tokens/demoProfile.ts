import * as vscode from 'vscode';
import type { Services } from '../platform/services';

/**
 * `npm start` hands the bundled identity server's demo credentials through KONEXUS_DEMO_PROFILE. Only an
 * extension under development (the demo, the tests) honours it: an installed extension ignores it, so an
 * environment variable can never plant credentials in a user's VS Code.
 */
export async function createDemoProfile(services: Services, mode: vscode.ExtensionMode): Promise<void> {
  const raw = process.env.KONEXUS_DEMO_PROFILE;
  if (!raw || mode !== vscode.ExtensionMode.Development) return;
  try {
    const demo = JSON.parse(raw) as Record<string, unknown>;
    const name = typeof demo.name === 'string' ? demo.name : 'demo';
    if (!services.tokens.profile(name)) {
      await services.tokens.addProfile({ ...demo, name, clientSecret: demo.clientSecret }, { activate: true });
      services.log.info(`[demo] created the profile "${name}" for the bundled identity server`);
    }
    await services.tokens.getToken(name);
  } catch (error) {
    services.log.error('[demo] could not create the demo profile', error);
  }
}

/** The question before a production profile's token leaves the extension, in words (productionGate.ts). */
import * as l10n from '@vscode/l10n';
import type { TokenDestination } from '../../core/tokens/production';

/** The modal question before a production token leaves the extension. */
export function productionConfirmText(profile: string, destination: TokenDestination, target?: string): string {
  const where = destinationText(destination, target);
  return l10n.t('"{0}" is a PRODUCTION profile: its token sends real emergency notifications. Put it {1}?', profile, where);
}

function destinationText(destination: TokenDestination, target?: string): string {
  switch (destination) {
    case 'clipboard': return l10n.t('on the clipboard');
    case 'editor': return target ? l10n.t('into the editor ({0})', target) : l10n.t('into the editor');
    case 'dotenv': return target ? l10n.t('into the .env file {0}', target) : l10n.t('into a .env file');
    case 'terminal': return l10n.t('into new terminals (KONEXUS_TOKEN)');
  }
}

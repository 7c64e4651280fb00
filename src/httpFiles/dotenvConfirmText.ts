/**
 * What the confirmation before a risky `.env` write says (dotenvTrust.ts decides when it is needed). Pure,
 * no `vscode` import; only the confirming command (src/onDemand) needs it, so it is not in the start-up bundle.
 */
import * as l10n from '@vscode/l10n';
import type { DotenvLocation, DotenvRisk } from './dotenvTrust';

/** The modal dialog's text: `message` (its title) and `detail`. Names the file and the profile, never the token. */
export interface DotenvConfirmationText {
  readonly message: string;
  readonly detail: string;
}

export function dotenvConfirmationText(reasons: readonly DotenvRisk[], location: DotenvLocation, profile: string): DotenvConfirmationText {
  const untrusted = reasons.includes('untrusted');
  const outside = reasons.includes('linkOutside');
  const tracked = reasons.includes('tracked');
  const message = untrusted
    ? l10n.t('Write the access token of profile "{0}" into a file of a folder in Restricted Mode?', profile)
    : outside
      ? l10n.t('Write the access token of profile "{0}" to a file outside this workspace?', profile)
      : tracked
        ? l10n.t('Write the access token of profile "{0}" into a file git tracks?', profile)
        : l10n.t('Write the access token of profile "{0}" through a symbolic link?', profile);

  const lines: string[] = [];
  const target = location.realPath;
  if (location.link === 'file' && target !== undefined) {
    lines.push(outside
      ? l10n.t('{0} is a symbolic link: the token would be written to {1}, outside the workspace folder.', location.path, target)
      : l10n.t('{0} is a symbolic link: the token would be written to {1}.', location.path, target));
  } else if (location.link === 'folder' && target !== undefined) {
    lines.push(outside
      ? l10n.t('{0} is reached through a symbolic link: the token would be written to {1}, outside the workspace folder.', location.path, target)
      : l10n.t('{0} is reached through a symbolic link: the token would be written to {1}.', location.path, target));
  } else if (location.link !== undefined) {
    lines.push(l10n.t('{0} is a symbolic link, and where it leads could not be determined. The token would be written wherever it leads.', location.path));
  } else {
    lines.push(l10n.t('The token would be written to {0}.', location.path));
  }
  if (!location.exists && target !== undefined) lines.push(l10n.t('That file does not exist yet: it would be created.'));
  if (tracked) lines.push(l10n.t('Git tracks {0}: the next commit would include the token, and adding the file to .gitignore does not change that. Run `git rm --cached` on it first, or cancel.', target ?? location.path));
  if (untrusted) lines.push(l10n.t('You have not trusted the authors of this folder: its files may have been put there to collect your token.'));
  lines.push(l10n.t('Anyone who can read that file can use the token to call the API as the client of profile "{0}" until the token expires. While this window is open, Konexus also writes each new token there.', profile));
  lines.push(l10n.t('Cancel writes nothing and leaves the request unchanged.'));
  return { message, detail: lines.join('\n\n') };
}


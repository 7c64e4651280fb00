/** Why a profile name or a client id cannot be used, in words: input-box validation and token errors. */
import * as l10n from '@vscode/l10n';
import { clientIdProblem, profileNameProblem } from '../../../core/tokens/profiles';
import type { ClientIdProblem, ProfileNameProblem } from '../../../core/tokens/tokenWhy';

/** An input box's validateInput for a profile name: why it cannot be used, in words, or undefined. */
export function profileNameValidation(name: string, existing: readonly string[] = []): string | undefined {
  const problem = profileNameProblem(name, existing);
  return problem && profileNameProblemText(problem);
}

/** An input box's validateInput for a client id. */
export function clientIdValidation(clientId: string): string | undefined {
  const problem = clientIdProblem(clientId);
  return problem && clientIdProblemText(problem);
}

export function profileNameProblemText(problem: ProfileNameProblem): string {
  switch (problem.kind) {
    case 'empty': return l10n.t('Give the profile a name, e.g. "staging" or "tenant 1741".');
    case 'too_long': return l10n.t('Keep the name under 40 characters: it is shown in the status bar.');
    case 'characters': return l10n.t('Use letters, digits, spaces, dots, dashes or underscores.');
    case 'taken': return l10n.t('A profile named "{0}" already exists.', problem.name);
  }
}

export function clientIdProblemText(problem: ClientIdProblem): string {
  switch (problem.kind) {
    case 'empty': return l10n.t('Enter the client id Konexus gave you, e.g. ext-1741-sample-client.');
    case 'malformed': return l10n.t('A client id has no spaces and is shorter than 200 characters.');
  }
}

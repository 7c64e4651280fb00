/**
 * Why git gave no answer, in words for the log: the `.http` token writer and the Leak guard both ask git
 * whether a `.env` is ignored (src/core/git/ignoreCheck.ts) and log this when it could not say.
 */
import * as l10n from '@vscode/l10n';
import type { GitFailure } from '../../../core/git/gitRunner';
import type { GitProblem } from '../../../core/git/ignoreCheck';

export function gitProblemText(problem: GitProblem): string {
  switch (problem.kind) {
    case 'unexpected_exit':
      // git's own message says most (a refused bare repository, a broken config); its exit code when it said nothing.
      return problem.stderr.trim() || l10n.t('git exited with {0}', String(problem.code));
    case 'not_on_path':
    case 'refused_path':
    case 'timed_out':
    case 'missing':
    case 'spawn_error':
      return gitFailureText(problem);
  }
}

function gitFailureText(failure: GitFailure): string {
  switch (failure.kind) {
    case 'not_on_path':
      return l10n.t('git was not found on PATH');
    case 'refused_path':
      return l10n.t('git at {0} is not run: it is not an absolute path outside the workspace', failure.git);
    case 'timed_out':
      return l10n.t('git did not answer within {0} ms', failure.timeoutMs);
    case 'missing':
      return l10n.t('git was not found ({0})', failure.git);
    case 'spawn_error':
      return failure.nodeMessage;
  }
}

/**
 * What "Konexus: Insert Bearer Header" says when it cannot run: a wrong argument, no request to put the
 * header in, edits that would collide. The edits' own reasons come from textEditWords.ts.
 */
import * as l10n from '@vscode/l10n';
import { HEADER_STYLES, type BearerPlanWhy } from '../../core/httpFile/bearerHeader';
import type { InsertBearerArgsProblem } from '../../core/httpFile/insertBearerArgs';
import { textEditText } from '../../platform/model/words/textEditWords';

export function insertBearerArgsText(problem: InsertBearerArgsProblem): string {
  return l10n.t('Insert Bearer Header: {0}', argsProblemText(problem));
}

function argsProblemText(problem: InsertBearerArgsProblem): string {
  switch (problem.kind) {
    case 'not_an_object':
      return l10n.t('The argument must be an object like {0}.', '{ all: true, style: "dotenv", profile: "staging" }');
    case 'all_not_boolean':
      return l10n.t('"all" must be true or false.');
    case 'unknown_style':
      return l10n.t('"style" must be one of {0}.', HEADER_STYLES.map(s => `"${s}"`).join(', '));
    case 'profile_not_a_name':
      return l10n.t('"profile" must be the name of a profile.');
    case 'line_not_a_line_number':
      return l10n.t('"line" must be a 0-based line number.');
    case 'uri_not_a_document':
      return l10n.t('"uri" must be a document URI.');
  }
}

/** No request here says what to do next, for this command; every other reason is the edit's own. */
export function bearerPlanText(why: BearerPlanWhy): string {
  switch (why.kind) {
    case 'no_request_in_file':
      return l10n.t('This file has no request yet. Write a request line such as `GET https://api.konexus.com/v1/me`, then run the command again.');
    case 'no_request_at_cursor':
      return l10n.t('There is no request at the cursor. Put the cursor inside a request (its request line, headers or body) and run "Konexus: Insert Bearer Header" again, or use "Insert Bearer Header in All Requests".');
    case 'edits_overlap':
      return l10n.t('The header and variable edits overlap in this file; insert the header with another style or by hand.');
    case 'header_value_not_one_line':
    case 'variable_name_not_portable':
    case 'variable_value_not_one_line':
    case 'dotenv_key_not_portable':
    case 'dotenv_value_not_quotable':
    case 'dotenv_unclosed_quote':
      return textEditText(why);
  }
}

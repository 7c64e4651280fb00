/**
 * Why an edit of a `.http` or `.env` text was refused, in words: the `.http` commands and the Leak guard's
 * fixes both write `.env` files (src/core/httpFile). The words never contain the value (it may be a token).
 */
import * as l10n from '@vscode/l10n';
import { PORTABLE_NAME_RULE } from '../../../core/httpFile/names';
import type { TextEditWhy } from '../../../core/httpFile/textEdit';

export function textEditText(why: TextEditWhy): string {
  switch (why.kind) {
    case 'header_value_not_one_line':
      return l10n.t('An Authorization header value must be non-empty and on one line.');
    case 'no_request_in_file':
      return l10n.t('The file has no request.');
    case 'no_request_at_cursor':
      return l10n.t('There is no request at the cursor.');
    case 'variable_name_not_portable':
      return l10n.t('A file variable name must match {0}.', PORTABLE_NAME_RULE);
    case 'variable_value_not_one_line':
      return l10n.t('A file variable value must be on one line.');
    case 'dotenv_key_not_portable':
      return l10n.t('A .env key must match {0}.', PORTABLE_NAME_RULE);
    case 'dotenv_value_not_quotable':
      return l10n.t('The value has a line break or a mix of quotes and backslashes a .env file cannot hold.');
    case 'dotenv_unclosed_quote':
      return l10n.t('An unclosed quote elsewhere in the .env file would change how it reads after this edit; fix the file by hand.');
  }
}

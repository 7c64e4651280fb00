/**
 * A JWT that does not decode, in words: what is wrong and what to do. The hover, the inspector, the chat
 * tool and the check reasons (checkWords.ts) show these; decode.ts only says which problem it found and
 * where.
 */
import * as l10n from '@vscode/l10n';
import type { Base64urlProblem } from '../../../core/jwt/base64url';
import type { JsonType, JwtDecodeError, SegmentName } from '../../../core/jwt/decode';

export function decodeErrorText(error: JwtDecodeError): string {
  const why = error.why;
  switch (why.kind) {
    case 'not_string':
      return l10n.t('Expected the token as text, got {0}.', why.got);
    case 'empty':
      return l10n.t('There is no token: the text is empty. Paste a JWT (three base64url segments separated by dots, usually starting with "eyJ").');
    case 'too_long':
      return l10n.t('The text is {0} characters; a JWT is at most {1} here. Check that only the token was selected.', why.length.toLocaleString('en-US'), why.max.toLocaleString('en-US'));
    case 'jwe':
      return l10n.t('This is an encrypted token (JWE: 5 segments). Its claims cannot be read without the recipient\'s private key; only signed tokens (3 segments) can be inspected.');
    case 'segment_count': {
      const n = why.count;
      const count = n === 1
        ? l10n.t('The text has 1 segment; a JWT has 3 separated by dots (header.payload.signature).')
        : l10n.t('The text has {0} segments; a JWT has 3 separated by dots (header.payload.signature).', n);
      const hint = n < 3 ? l10n.t('It may be truncated, or only part of it was selected.') : l10n.t('Two tokens may have been joined together.');
      return `${count} ${hint}`;
    }
    case 'bad_base64url':
      return base64urlProblemText(why.problem, why.segment, why.position);
    case 'empty_segment':
      return l10n.t({ message: 'The {0} (segment {1}) is empty. Check that the token was copied whole.', args: [segmentName(why.segment), ordinal(why.segment)], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] });
    case 'not_utf8':
      return l10n.t({ message: 'The {0} (segment {1}) decodes to bytes that are not UTF-8 text, so not JSON. Check that the token was copied whole.', args: [segmentName(why.segment), ordinal(why.segment)], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] });
    case 'not_json':
      return why.stopsAt === undefined
        ? l10n.t({ message: 'The {0} (segment {1}) decodes to text that is not JSON. The token may be truncated or not a JWT.', args: [segmentName(why.segment), ordinal(why.segment)], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] })
        : l10n.t({ message: 'The {0} (segment {1}) decodes to text that is not JSON (it stops being JSON at character {2} of {3}). The token may be truncated or not a JWT.', args: [segmentName(why.segment), ordinal(why.segment), why.stopsAt + 1, why.textLength], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] });
    case 'not_object': {
      const kind = jsonTypeText(why.type);
      return why.segment === 'header'
        ? l10n.t({ message: 'The header (segment 1) is JSON but {0}; a JWT header must be a JSON object.', args: [kind], comment: ['{0} is "null", "an array", "a string", "a number" or "a boolean"'] })
        : l10n.t({ message: 'The payload (segment 2) is JSON but {0}; a JWT payload must be a JSON object.', args: [kind], comment: ['{0} is "null", "an array", "a string", "a number" or "a boolean"'] });
    }
    case 'missing_alg':
      return l10n.t('The header has no "alg" string. Every JWT names its signing algorithm there, so this is not a well-formed token.');
  }
}

/** A segment that is not base64url: where, and what to do about it. `position` is 0-based in the token. */
function base64urlProblemText(problem: Base64urlProblem, name: SegmentName, position: number): string {
  if (problem.kind === 'bad_length') {
    return l10n.t({ message: 'The {0} (segment {1}) is {2} characters long, a length no base64url text can have: the token is probably truncated.', args: [segmentName(name), ordinal(name), problem.length], comment: ['{0} is "header", "payload" or "signature"; {1} is its number, 1 to 3'] });
  }
  let advice: string;
  if (problem.char === '+' || problem.char === '/') advice = l10n.t('That is standard base64, not base64url: a JWT uses "-" and "_" instead of "+" and "/".');
  else if (problem.char === '=') advice = l10n.t('A JWT segment carries no "=" padding.');
  else if (/\s/.test(problem.char)) advice = l10n.t('The token seems to have been wrapped or split across lines: remove the whitespace.');
  else advice = l10n.t('A JWT segment may only contain A–Z, a–z, 0–9, "-" and "_". Check that the token was copied whole and nothing was inserted.');
  const found = l10n.t({
    message: 'The {0} (segment {1}) has {2} at character {3} (position {4} in the token).',
    args: [segmentName(name), ordinal(name), describeChar(problem.char), problem.index + 1, position + 1],
    comment: ['{0} is "header", "payload" or "signature"; {2} is a character such as \'+\', "a space" or U+00A0'],
  });
  return `${found} ${advice}`;
}

/** A segment's name in a message: "The {0} (segment 1) is empty." */
function segmentName(name: SegmentName): string {
  switch (name) {
    case 'header': return l10n.t('header');
    case 'payload': return l10n.t('payload');
    case 'signature': return l10n.t('signature');
  }
}

/** A segment's number, 1 to 3, as a message counts them. */
function ordinal(name: SegmentName): number {
  switch (name) {
    case 'header': return 1;
    case 'payload': return 2;
    case 'signature': return 3;
  }
}

/** A character as a message can show it: printable ASCII quoted, anything else as U+XXXX. */
function describeChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  if (cp > 0x20 && cp < 0x7f) return `'${char}'`;
  if (cp === 0x20) return l10n.t('a space');
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "a string", "an array": what a JSON value is when it is not what was expected. */
export function jsonTypeText(type: JsonType): string {
  switch (type) {
    case 'null': return 'null';
    case 'array': return l10n.t('an array');
    case 'string': return l10n.t('a string');
    case 'number': return l10n.t('a number');
    case 'boolean': return l10n.t('a boolean');
    case 'object': return l10n.t('an object');
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      return `a ${type}`;
  }
}

import assert from 'node:assert/strict';
import {
  dotenvLookup,
  dotenvRemoveEdit,
  dotenvUpsertEdit,
  encodeDotenvValue,
  parseDotenv,
} from '../../src/core/httpFile/dotenv';
import { applyEdits, editsAreWellFormed, type EditResult, type TextEdit } from '../../src/core/httpFile/textEdit';
import { textEditText } from '../../src/platform/model/words/textEditWords';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJrb25leHVzLWNsaSJ9.c2lnbmF0dXJlLXBhcnQtXw';

function editsOf(result: EditResult, textLength: number): readonly TextEdit[] {
  assert.ok(result.ok, `expected edits, got ${result.ok ? '' : result.code}`);
  assert.ok(editsAreWellFormed(result.edits, textLength));
  return result.edits;
}
const upsert = (text: string, key: string, value: string): string =>
  applyEdits(text, editsOf(dotenvUpsertEdit(text, key, value), text.length));
const remove = (text: string, key: string): string => applyEdits(text, editsOf(dotenvRemoveEdit(text, key), text.length));
const values = (text: string): [string, string][] => parseDotenv(text).map(entry => [entry.key, entry.value]);

describe('parseDotenv', () => {
  it('reads KEY=VALUE, export, spacing, comments and blank lines', () => {
    const text = [
      '# Konexus settings',
      'KONEXUS_CLIENT_ID=konexus-cli',
      'export KONEXUS_SCOPE = alerts.read alerts.write ',
      '',
      '   # indented comment',
      '  INDENTED=yes',
      'EMPTY=',
      'YAMLISH: value',
      'not an entry',
      '=novalue',
      'dotted.key-name=1',
      'export=named export',
      'export EXPORTED_TOO=1',
    ].join('\n');
    assert.deepEqual(values(text), [
      ['KONEXUS_CLIENT_ID', 'konexus-cli'],
      ['KONEXUS_SCOPE', 'alerts.read alerts.write'],
      ['INDENTED', 'yes'],
      ['EMPTY', ''],
      ['YAMLISH', 'value'],
      ['dotted.key-name', '1'],
      ['export', 'named export'],
      ['EXPORTED_TOO', '1'],
    ]);
    const entries = parseDotenv(text);
    assert.equal(entries[1].exported, true);
    assert.equal(entries[0].exported, false);
    assert.equal(entries[1].line, 2);
  });

  it('reads single, double and backtick quotes; expands \\n only in double quotes', () => {
    const text = `A='it''s'\nB='a # not a comment'\nC="line1\\nline2"\nD='raw\\n'\nE=\`has 'single' and "double"\`\nF="x" # trailing comment\n`;
    assert.deepEqual(values(text), [
      ['A', "it''s"],
      ['B', 'a # not a comment'],
      ['C', 'line1\nline2'],
      ['D', 'raw\\n'],
      ['E', `has 'single' and "double"`],
      ['F', 'x'],
    ]);
    assert.equal(parseDotenv(text)[5].quote, '"');
  });

  it('lets an unquoted # start a comment, as dotenv does', () => {
    assert.deepEqual(values('A=abc # note\nB=abc#def\n'), [['A', 'abc'], ['B', 'abc']]);
  });

  it('reads a quoted value across lines, with CRLF normalised to \\n', () => {
    const text = 'KEY="-----BEGIN-----\r\nabc\r\n-----END-----"\r\nNEXT=1\r\n';
    const entries = parseDotenv(text);
    assert.deepEqual(entries.map(e => [e.key, e.value]), [['KEY', '-----BEGIN-----\nabc\n-----END-----'], ['NEXT', '1']]);
    assert.equal(entries[0].end, text.indexOf('"\r\nNEXT') + 1);
    assert.equal(entries[1].line, 3);
  });

  it('falls back to an unquoted one-line value for an unclosed quote or junk after the closing quote', () => {
    assert.deepEqual(values('A="open\nB=2\n'), [['A', '"open'], ['B', '2']]);
    assert.deepEqual(values('A="x"junk\nB=2\n'), [['A', '"x"junk'], ['B', '2']]);
  });

  it('keeps an escaped quote inside double quotes', () => {
    assert.deepEqual(values('A="say \\"hi\\""\n'), [['A', 'say \\"hi\\"']]);
  });

  it('reads CRLF files without the CR in values', () => {
    assert.deepEqual(values('A=1\r\nB = two \r\n'), [['A', '1'], ['B', 'two']]);
  });

  it('looks values up with the last definition winning', () => {
    assert.equal(dotenvLookup(parseDotenv('A=1\nA=2\n'), 'A'), '2');
    assert.equal(dotenvLookup(parseDotenv('A=1\n'), 'B'), undefined);
  });

  it('stays linear on many unclosed or junk-followed quotes', () => {
    for (const line of ['A="x\n', "A='x\n", 'A="x\nB="y"junk\n']) {
      const text = line.repeat(100_000) + 'Z="end"junk\n';
      const started = performance.now();
      const entries = parseDotenv(text);
      const elapsed = performance.now() - started;
      assert.ok(entries.length >= 100_000);
      assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
    }
  });
});

describe('encodeDotenvValue', () => {
  it('writes a JWT and other plain values bare, the rest in the first quoting that holds them', () => {
    assert.equal(encodeDotenvValue(JWT), JWT);
    assert.equal(encodeDotenvValue(''), '');
    assert.equal(encodeDotenvValue('https://idp.konexus.example/oauth2/token'), 'https://idp.konexus.example/oauth2/token');
    assert.equal(encodeDotenvValue('has space'), "'has space'");
    assert.equal(encodeDotenvValue('a#b'), "'a#b'");
    assert.equal(encodeDotenvValue('$HOME'), "'$HOME'");
    assert.equal(encodeDotenvValue("it's"), '`it\'s`');
    assert.equal(encodeDotenvValue("it's `x`"), `"it's \`x\`"`);
    assert.equal(encodeDotenvValue('ends\\'), 'ends\\', 'a closing quote after a backslash would not close: bare it is');
  });

  it('refuses what no quoting can hold', () => {
    assert.equal(encodeDotenvValue('a\nb'), undefined);
    assert.equal(encodeDotenvValue(`'\`"\\`), undefined);
    assert.equal(encodeDotenvValue(`' \` " \\`), undefined);
  });

  it('round-trips through parseDotenv', () => {
    for (const value of [JWT, '', 'has space', ' lead and trail ', 'a#b', '$HOME', "it's", "it's `x`", 'back\\slash', 'q"uote', 'ünïcödé', 'ends\\', `a'b\`c"d\\`]) {
      const encoded = encodeDotenvValue(value);
      assert.ok(encoded !== undefined, value);
      assert.equal(dotenvLookup(parseDotenv(`K=${encoded}\n`), 'K'), value, value);
    }
  });
});

describe('dotenvUpsertEdit', () => {
  const text = '# Konexus\nKONEXUS_CLIENT_ID=konexus-cli\nexport KONEXUS_TOKEN = old # refreshed by the extension\nOTHER="x"\n';

  it('updates a value in place, keeping export, spacing, comment and every other byte', () => {
    assert.equal(upsert(text, 'KONEXUS_TOKEN', JWT), text.replace('= old #', `= ${JWT} #`));
  });

  it('updates a quoted value, quoting only when the new value needs it', () => {
    assert.equal(upsert(text, 'OTHER', 'plain'), text.replace('OTHER="x"', 'OTHER=plain'));
    assert.equal(upsert(text, 'OTHER', 'two words'), text.replace('OTHER="x"', "OTHER='two words'"));
  });

  it('replaces a multi-line quoted value whole', () => {
    assert.equal(upsert('K="a\nb"\nN=1\n', 'K', 'v'), 'K=v\nN=1\n');
  });

  it('updates every definition of a duplicated key, and leaves ones already right alone', () => {
    assert.equal(upsert('K=1\nA=x\nK=2\nK=3\n', 'K', '3'), 'K=3\nA=x\nK=3\nK=3\n');
    assert.deepEqual(dotenvUpsertEdit('K=3\n', 'K', '3'), { ok: true, edits: [] });
  });

  it('keeps a space before a comment when filling an empty value', () => {
    assert.equal(upsert('K= # set by Konexus\n', 'K', 'v'), 'K= v # set by Konexus\n');
    assert.equal(upsert('K=\n', 'K', 'v'), 'K=v\n');
  });

  it('appends with the file line ending, adding a break when the file lacks a final one', () => {
    assert.equal(upsert('A=1\n', 'K', JWT), `A=1\nK=${JWT}\n`);
    assert.equal(upsert('A=1\r\nB=2\r\n', 'K', 'v'), 'A=1\r\nB=2\r\nK=v\r\n');
    assert.equal(upsert('A=1\r\nB=2', 'K', 'v'), 'A=1\r\nB=2\r\nK=v\r\n');
    assert.equal(upsert('A=1', 'K', 'v'), 'A=1\nK=v\n');
    assert.equal(upsert('', 'K', 'v'), 'K=v\n');
    assert.equal(upsert('\uFEFF', 'K', 'v'), '\uFEFFK=v\n');
    assert.equal(upsert('# K=commented\n', 'K', 'v'), '# K=commented\nK=v\n');
  });

  it('returns a typed error for a bad key or value, never a throw', () => {
    for (const key of ['', '1A', 'A-B', 'A.B', 'A B', 'export', 'Ä']) {
      const result = dotenvUpsertEdit('', key, 'v');
      if (key === 'export') {
        assert.equal(result.ok, true, 'export is a valid name');
        continue;
      }
      assert.equal(!result.ok && result.code, 'invalid_name', key);
    }
    const multiLine = dotenvUpsertEdit('', 'K', 'a\nb');
    assert.equal(!multiLine.ok && multiLine.code, 'invalid_value');
    assert.equal(!multiLine.ok ? textEditText(multiLine.why) : '', 'The value has a line break or a mix of quotes and backslashes a .env file cannot hold.');
  });

  it('reads back the value it wrote', () => {
    for (const value of [JWT, 'two words', "it's", '']) {
      for (const base of [text, '', 'K="old"', 'K=a\r\n']) {
        assert.equal(dotenvLookup(parseDotenv(upsert(base, 'K', value)), 'K'), value);
      }
    }
  });
});

describe('dotenv edits next to an unclosed quote', () => {
  it('refuses an edit that an earlier unclosed quote would swallow, instead of writing a file that reads wrong', () => {
    const text = "A='open\n";
    assert.deepEqual(values(text), [['A', "'open"]]);
    const result = dotenvUpsertEdit(text, 'K', '#x');
    assert.equal(!result.ok && result.code, 'ambiguous_text');
    assert.deepEqual(!result.ok && result.why, { kind: 'dotenv_unclosed_quote' });
    assert.match(!result.ok ? textEditText(result.why) : '', /An unclosed quote elsewhere in the \.env file .*fix the file by hand\./);
    assert.equal(dotenvLookup(parseDotenv(upsert(text, 'K', 'plain')), 'K'), 'plain', 'a value without quotes is fine');
  });
});

describe('dotenvRemoveEdit', () => {
  it('removes a line in the middle, keeping every other byte', () => {
    assert.equal(remove('A=1\r\nK=2\r\nB=3\r\n', 'K'), 'A=1\r\nB=3\r\n');
  });

  it('removes a last line without a final newline together with the break before it', () => {
    assert.equal(remove('A=1\nK=2', 'K'), 'A=1');
    assert.equal(remove('A=1\r\nK=2', 'K'), 'A=1');
    assert.equal(remove('K=2', 'K'), '');
    assert.equal(remove('\uFEFFK=2', 'K'), '\uFEFF');
  });

  it('removes every definition, also consecutive ones at the end, and multi-line ones', () => {
    assert.equal(remove('K=1\nA=x\nK=2\nK=3', 'K'), 'A=x');
    assert.equal(remove('K=1\nK=2\n', 'K'), '');
    assert.equal(remove('K="a\nb"\nA=1\n', 'K'), 'A=1\n');
    assert.equal(remove('export K=1 # note\nA=1\n', 'K'), 'A=1\n');
  });

  it('makes no edit when the key is absent or only commented out', () => {
    assert.deepEqual(dotenvRemoveEdit('A=1\n# K=2\n', 'K'), { ok: true, edits: [] });
  });

  it('returns a typed error for a bad key', () => {
    const result = dotenvRemoveEdit('A=1\n', 'not valid');
    assert.equal(!result.ok && result.code, 'invalid_name');
    assert.equal(!result.ok ? textEditText(result.why) : '', 'A .env key must match [A-Za-z_][A-Za-z0-9_]*.');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { authorizationHeaderEdits, fileVariableEdit, type AuthorizationScope } from '../../src/core/httpFile/edits';
import { parseHttpFile } from '../../src/core/httpFile/parse';
import { applyEdits, editsAreWellFormed, type EditResult, type TextEdit } from '../../src/core/httpFile/textEdit';
import { textEditText } from '../../src/platform/model/words/textEditWords';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/node/fixtures/http/${name}`, import.meta.url), 'utf8');
const toCrlf = (text: string): string => text.replace(/\n/g, '\r\n');

const TOKEN = 'Bearer {{$dotenv KONEXUS_TOKEN}}';

function editsOf(result: EditResult, textLength: number): readonly TextEdit[] {
  assert.ok(result.ok, `expected edits, got ${result.ok ? '' : result.code}`);
  assert.ok(editsAreWellFormed(result.edits, textLength), 'edits sorted, in range, not overlapping');
  return result.edits;
}

function setAuthorization(text: string, scope: AuthorizationScope, value = TOKEN): string {
  return applyEdits(text, editsOf(authorizationHeaderEdits(text, { value, scope }), text.length));
}

const isAuthorizationLine = (line: string): boolean => /^\s*authorization\s*:/i.test(line);

/**
 * Everything but Authorization header lines is unchanged: same lines, same order, byte for byte, and the
 * same line-ending style, BOM and final-newline state.
 */
function assertOnlyAuthorizationLinesChanged(before: string, after: string): void {
  const others = (text: string) => text.split(/\r?\n/).filter(line => !isAuthorizationLine(line));
  assert.deepEqual(others(after), others(before));
  const lfOnly = (text: string) => /(^|[^\r])\n/.test(text);
  const crlf = (text: string) => text.includes('\r\n');
  assert.equal(lfOnly(after), lfOnly(before), 'bare LF line endings appear or disappear');
  assert.equal(crlf(after), crlf(before), 'CRLF line endings appear or disappear');
  assert.equal(after.startsWith('\uFEFF'), before.startsWith('\uFEFF'));
  assert.equal(after.endsWith('\n'), before.endsWith('\n'));
}

/** Bodies and blocks without a request are byte-identical after the edit. */
function assertBodiesAndOtherBlocksUnchanged(before: string, after: string): void {
  const a = parseHttpFile(before);
  const b = parseHttpFile(after);
  assert.equal(b.blocks.length, a.blocks.length);
  a.blocks.forEach((blockBefore, i) => {
    const blockAfter = b.blocks[i];
    if (!blockBefore.request) {
      assert.equal(after.slice(blockAfter.start, blockAfter.end), before.slice(blockBefore.start, blockBefore.end));
      return;
    }
    const bodyBefore = blockBefore.request.body;
    const bodyAfter = blockAfter.request?.body;
    assert.equal(bodyAfter && after.slice(bodyAfter.start, bodyAfter.end), bodyBefore && before.slice(bodyBefore.start, bodyBefore.end));
  });
}

describe('authorizationHeaderEdits: the request at the cursor', () => {
  const text = fixture('rest-client.http');
  const withHeaderInList = text.replace(
    '    &pageSize=50\n',
    `    &pageSize=50\nAuthorization: ${TOKEN}\n`,
  );
  const cursorPositions: [string, number][] = [
    ['on the separator line', text.indexOf('### List alerts') + 2],
    ['at the separator line start', text.indexOf('### List alerts')],
    ['on a metadata comment', text.indexOf('# @name listAlerts') + 3],
    ['on the request line', text.indexOf('GET {{baseUrl}}/alerts') + 5],
    ['on a continuation line', text.indexOf('&pageSize')],
    ['on a header', text.indexOf('Accept: application/json') + 1],
    ['on the blank line before the next ###', text.indexOf('Accept: application/json\n') + 'Accept: application/json\n'.length],
  ];
  for (const [where, offset] of cursorPositions) {
    it(`inserts after the continuation lines with the cursor ${where}`, () => {
      assert.equal(setAuthorization(text, { kind: 'at', offset }), withHeaderInList);
    });
  }

  it('uses CRLF in a CRLF file', () => {
    const crlf = toCrlf(text);
    const after = setAuthorization(crlf, { kind: 'at', offset: crlf.indexOf('GET {{baseUrl}}/alerts') });
    assert.equal(after, toCrlf(withHeaderInList));
  });

  it('replaces only the value of an existing lowercase header, cursor in the body', () => {
    const after = setAuthorization(text, { kind: 'at', offset: text.indexOf('"Storm warning"') });
    assert.equal(
      after,
      text.replace('authorization: Bearer {{$dotenv OLD_TOKEN}}', `authorization: ${TOKEN}`),
      'the author\'s header-name casing is kept, the body\'s "Authorization: x" untouched',
    );
  });

  it('sets the first of duplicate headers and removes the others', () => {
    const after = setAuthorization(text, { kind: 'at', offset: text.indexOf('------KonexusBoundary--') });
    assert.equal(
      after,
      text.replace('Authorization: Bearer stale\nAUTHORIZATION: Basic dXNlcjpwYXNz\n', `Authorization: ${TOKEN}\n`),
    );
  });

  it('says no_request for a block without a request line', () => {
    const result = authorizationHeaderEdits(text, { value: TOKEN, scope: { kind: 'at', offset: text.indexOf('@tenant') } });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'no_request');
    assert.equal(!result.ok ? textEditText(result.why) : '', 'There is no request at the cursor.');
    const yac = fixture('httpyac.http');
    const onResponse = authorizationHeaderEdits(yac, { value: TOKEN, scope: { kind: 'at', offset: yac.indexOf('{"cached"') } });
    assert.equal(!onResponse.ok && onResponse.code, 'no_request');
  });

  it('makes no edit when the header already has the value (idempotent)', () => {
    const once = setAuthorization(text, { kind: 'at', offset: 0 + text.indexOf('GET {{baseUrl}}') });
    const again = authorizationHeaderEdits(once, { value: TOKEN, scope: { kind: 'at', offset: once.indexOf('GET {{baseUrl}}') } });
    assert.deepEqual(again, { ok: true, edits: [] });
  });
});

describe('authorizationHeaderEdits: every request', () => {
  const base = fixture('rest-client.http');
  const variants: [string, string][] = [
    ['LF', base],
    ['CRLF', toCrlf(base)],
    ['BOM', '\uFEFF' + base],
    ['no final newline', base.replace(/\n$/, '')],
    ['CRLF, BOM, no final newline', '\uFEFF' + toCrlf(base).replace(/\r\n$/, '')],
    ['httpYac', fixture('httpyac.http')],
    ['httpYac CRLF', toCrlf(fixture('httpyac.http'))],
  ];
  for (const [label, text] of variants) {
    it(`sets the header in each request and leaves every other byte alone (${label})`, () => {
      const after = setAuthorization(text, { kind: 'all' });
      const model = parseHttpFile(after);
      const requests = model.blocks.filter(block => block.request);
      assert.equal(requests.length, parseHttpFile(text).blocks.filter(block => block.request).length);
      for (const block of requests) assert.equal(block.request?.authorization?.value, TOKEN, `block ${block.index}`);
      for (const block of requests) assert.equal(block.request?.headers.filter(h => h.name.toLowerCase() === 'authorization').length, 1);
      assertOnlyAuthorizationLinesChanged(text, after);
      assertBodiesAndOtherBlocksUnchanged(text, after);
      assert.deepEqual(authorizationHeaderEdits(after, { value: TOKEN, scope: { kind: 'all' } }), { ok: true, edits: [] });
    });
  }

  it('makes the expected edits on the REST Client fixture: 4 inserts, 2 value replacements, 1 removal', () => {
    const edits = editsOf(authorizationHeaderEdits(base, { value: TOKEN, scope: { kind: 'all' } }), base.length);
    assert.equal(edits.filter(e => e.start === e.end).length, 4);
    assert.equal(edits.filter(e => e.start < e.end && e.newText === TOKEN).length, 2);
    assert.equal(edits.filter(e => e.newText === '').length, 1);
  });

  it('appends the header to a last request line without a final newline', () => {
    assert.equal(setAuthorization('GET /a', { kind: 'all' }, 'Bearer t'), 'GET /a\nAuthorization: Bearer t');
    assert.equal(
      setAuthorization('@x = 1\r\n###\r\nGET /a', { kind: 'all' }, 'Bearer t'),
      '@x = 1\r\n###\r\nGET /a\r\nAuthorization: Bearer t',
    );
  });

  it('removes a duplicate on the last line without a final newline, taking the break before it', () => {
    assert.equal(
      setAuthorization('GET /a\r\nAuthorization: old\r\nauthorization: older', { kind: 'all' }, 'Bearer t'),
      'GET /a\r\nAuthorization: Bearer t',
    );
  });

  it('fills an empty value and keeps trailing whitespace after a replaced one', () => {
    assert.equal(setAuthorization('GET /a\nAuthorization:\n', { kind: 'all' }, 'Bearer t'), 'GET /a\nAuthorization: Bearer t\n');
    assert.equal(setAuthorization('GET /a\nAuthorization :old  \t\n', { kind: 'all' }, 'Bearer t'), 'GET /a\nAuthorization :Bearer t  \t\n');
  });

  it('inserts before a body that has no headers, and ignores Authorization text in a body', () => {
    const text = 'POST /a\n\nAuthorization: not a header\n# nor a comment\n###\nGET /b\n###\n';
    assert.equal(
      setAuthorization(text, { kind: 'all' }, 'Bearer t'),
      'POST /a\nAuthorization: Bearer t\n\nAuthorization: not a header\n# nor a comment\n###\nGET /b\nAuthorization: Bearer t\n###\n',
    );
  });

  it('trims the value and refuses an empty or multi-line one', () => {
    assert.equal(setAuthorization('GET /a\n', { kind: 'all' }, '  Bearer t  '), 'GET /a\nAuthorization: Bearer t\n');
    for (const value of ['', '   ', 'Bearer a\nX-Evil: 1', 'Bearer a\rb']) {
      const result = authorizationHeaderEdits('GET /a\n', { value, scope: { kind: 'all' } });
      assert.equal(!result.ok && result.code, 'invalid_value', JSON.stringify(value));
      assert.equal(!result.ok ? textEditText(result.why) : '', 'An Authorization header value must be non-empty and on one line.');
    }
  });

  it('says no_request for a file without requests', () => {
    const result = authorizationHeaderEdits(fixture('variables-only.http'), { value: TOKEN, scope: { kind: 'all' } });
    assert.equal(!result.ok && result.code, 'no_request');
    assert.equal(!result.ok ? textEditText(result.why) : '', 'The file has no request.');
  });

  it('edits a 1,000-request file in one pass, quickly', () => {
    const parts = ['@baseUrl = https://api.konexus.example\r\n'];
    for (let i = 0; i < 1000; i++) {
      parts.push(
        `### Request ${i}\r\n# @name r${i}\r\nPOST {{baseUrl}}/items/${i}\r\nContent-Type: application/json\r\n`,
        i % 3 === 0 ? 'authorization: Bearer old\r\n' : '',
        `\r\n{"i": ${i}, "note": "Authorization: x"}\r\n\r\n`,
      );
    }
    const text = parts.join('');
    const started = performance.now();
    const result = authorizationHeaderEdits(text, { value: TOKEN, scope: { kind: 'all' } });
    const after = applyEdits(text, editsOf(result, text.length));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1500, `took ${elapsed.toFixed(0)} ms`);
    assert.equal(after.split('\r\n').filter(line => line === `Authorization: ${TOKEN}` || line === `authorization: ${TOKEN}`).length, 1000);
    assertOnlyAuthorizationLinesChanged(text, after);
  });
});

describe('fileVariableEdit', () => {
  const create = (text: string, name = 'konexusToken', value = 'eyJ.abc.def'): string =>
    applyEdits(text, editsOf(fileVariableEdit(text, name, value), text.length));

  it('creates the variable after the leading comment block of a file without requests', () => {
    const text = fixture('variables-only.http');
    assert.equal(
      create(text),
      text.replace('// no requests in this file\n', '// no requests in this file\n@konexusToken = eyJ.abc.def\n'),
    );
  });

  it('creates it in the global top region of the REST Client fixture', () => {
    const text = fixture('rest-client.http');
    const after = create(text);
    assert.equal(after, text.replace('(never commit it)\n', '(never commit it)\n@konexusToken = eyJ.abc.def\n'));
    const model = parseHttpFile(after);
    const created = model.fileVariables.find(v => v.name === 'konexusToken');
    assert.equal(created?.value, 'eyJ.abc.def');
    assert.equal(model.blocks[created.blockIndex].request, undefined);
  });

  it('gives the variable its own region when the top region has a request or a name (httpYac scoping)', () => {
    assert.equal(create('GET /a\n'), '@konexusToken = eyJ.abc.def\n###\nGET /a\n');
    assert.equal(create('# Konexus API\nGET /a\n'), '# Konexus API\n@konexusToken = eyJ.abc.def\n###\nGET /a\n');
    assert.equal(create('# @name a\nGET /a\n'), '@konexusToken = eyJ.abc.def\n###\n# @name a\nGET /a\n');
    assert.equal(create('# header\r\n# @name a\r\nGET /a'), '# header\r\n@konexusToken = eyJ.abc.def\r\n###\r\n# @name a\r\nGET /a');
    for (const text of ['GET /a\n', '# Konexus API\nGET /a\n', '# @name a\nGET /a\n']) {
      const model = parseHttpFile(create(text));
      const created = model.fileVariables.find(v => v.name === 'konexusToken');
      assert.ok(created);
      assert.equal(model.blocks[created.blockIndex].request, undefined);
      assert.equal(model.blocks.filter(b => b.request).length, 1);
    }
  });

  it('puts it above a first ###, after a BOM, into an empty file, and after a last comment without newline', () => {
    assert.equal(create('### one\nGET /a\n'), '@konexusToken = eyJ.abc.def\n### one\nGET /a\n');
    assert.equal(create('\uFEFFGET /a'), '\uFEFF@konexusToken = eyJ.abc.def\n###\nGET /a');
    assert.equal(create(''), '@konexusToken = eyJ.abc.def\n');
    assert.equal(create('# only a comment'), '# only a comment\n@konexusToken = eyJ.abc.def');
    assert.equal(create('\uFEFF# c\r\n'), '\uFEFF# c\r\n@konexusToken = eyJ.abc.def\r\n');
  });

  it('updates the first definition in place, keeping its spacing and trailing whitespace', () => {
    const text = fixture('rest-client.http');
    assert.equal(create(text, 'tenant', 'globex'), text.replace('@tenant   =   acme   ', '@tenant   =   globex   '));
    assert.equal(create('@a = 1\n@a = 2\n', 'a', '3'), '@a = 3\n@a = 2\n');
    assert.equal(create('@a=\n', 'a', '3'), '@a=3\n');
  });

  it("turns httpYac's `:=` expression into a literal", () => {
    const text = fixture('httpyac.http');
    assert.equal(create(text, 'token', 'eyJ.x.y'), text.replace('@token := await getToken()', '@token = eyJ.x.y'));
  });

  it('makes no edit when the value is already there', () => {
    assert.deepEqual(fileVariableEdit('@konexusToken = abc\nGET /a\n', 'konexusToken', ' abc '), { ok: true, edits: [] });
  });

  it('refuses a bad name or a multi-line value', () => {
    for (const name of ['', '1token', 'konexus-token', 'a b', '@a', 'a=b']) {
      const result = fileVariableEdit('', name, 'x');
      assert.equal(!result.ok && result.code, 'invalid_name', name);
      assert.equal(!result.ok ? textEditText(result.why) : '', 'A file variable name must match [A-Za-z_][A-Za-z0-9_]*.');
    }
    const result = fileVariableEdit('', 'a', 'x\ny');
    assert.equal(!result.ok && result.code, 'invalid_value');
    assert.equal(!result.ok ? textEditText(result.why) : '', 'A file variable value must be on one line.');
  });
});

describe('applyEdits', () => {
  it('applies edits in original offsets whatever their order, same-offset ones in the order given', () => {
    const edits: TextEdit[] = [
      { start: 6, end: 6, newText: '!' },
      { start: 0, end: 5, newText: 'HELLO' },
      { start: 6, end: 6, newText: '?' },
    ];
    assert.equal(applyEdits('hello world', edits), 'HELLO !?world');
  });

  it('throws a RangeError on overlapping or out-of-range edits (a caller bug)', () => {
    assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), RangeError);
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 9, newText: '' }]), RangeError);
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 1, newText: '' }]), RangeError);
  });

  it('editsAreWellFormed spots unsorted, overlapping and out-of-range edits', () => {
    assert.equal(editsAreWellFormed([{ start: 0, end: 1, newText: '' }, { start: 1, end: 2, newText: '' }], 2), true);
    assert.equal(editsAreWellFormed([{ start: 1, end: 2, newText: '' }, { start: 0, end: 1, newText: '' }], 2), false);
    assert.equal(editsAreWellFormed([{ start: 0, end: 2, newText: '' }, { start: 1, end: 2, newText: '' }], 2), false);
    assert.equal(editsAreWellFormed([{ start: 0, end: 3, newText: '' }], 2), false);
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { forEachBlock, parseHttpFile } from '../../src/core/httpFile/parse';
import type { HttpFileModel, RequestBlock, HttpRequestHead } from '../../src/core/httpFile/model';
import type { TextLine } from '../../src/core/httpFile/lines';

// Built to out/test/node/*.mjs: fixtures are read from the source tree, byte for byte.
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/node/fixtures/http/${name}`, import.meta.url), 'utf8');
const toCrlf = (text: string): string => text.replace(/\n/g, '\r\n');
const slice = (text: string, line: TextLine): string => text.slice(line.start, line.end);
const requestOf = (block: RequestBlock): HttpRequestHead => {
  assert.ok(block.request, `block ${block.index} should have a request`);
  return block.request;
};

/** Blocks cover the text from 0 to its end without gaps, in order. */
function assertContiguous(model: HttpFileModel, text: string): void {
  assert.equal(model.blocks[0].start, 0);
  for (let i = 1; i < model.blocks.length; i++) assert.equal(model.blocks[i].start, model.blocks[i - 1].end);
  assert.equal(model.blocks.at(-1)?.end, text.length);
}

describe('parseHttpFile: REST Client fixture', () => {
  const text = fixture('rest-client.http');

  for (const [label, variant] of [['LF', text], ['CRLF', toCrlf(text)]] as const) {
    it(`reads every block, request line, continuation, header and body (${label})`, () => {
      const model = parseHttpFile(variant);
      assert.equal(model.eol, label === 'LF' ? '\n' : '\r\n');
      assertContiguous(model, variant);
      assert.equal(model.blocks.length, 7);

      const [top, list, create, whoami, graphql, multipart, del] = model.blocks;
      assert.equal(top.request, undefined);
      assert.equal(top.separator, undefined);
      assert.deepEqual(top.comments.map(c => c.text), ['Konexus Platform API: examples for REST Client', 'Tokens come from .env (never commit it)']);
      assert.deepEqual(model.fileVariables.map(v => [v.name, v.value, v.operator]), [
        ['baseUrl', 'https://api.konexus.example/v1', '='],
        ['tenant', 'acme', '='],
      ]);
      const tenant = model.fileVariables[1];
      assert.equal(variant.slice(tenant.valueStart, tenant.valueEnd), 'acme');
      assert.equal(slice(variant, tenant), '@tenant   =   acme   ');

      assert.equal(list.separator?.title, 'List alerts');
      assert.equal(list.name, 'listAlerts');
      const listRequest = requestOf(list);
      assert.equal(listRequest.method, 'GET');
      assert.equal(listRequest.url, '{{baseUrl}}/alerts?page=1&pageSize=50');
      assert.equal(slice(variant, listRequest.requestLine), 'GET {{baseUrl}}/alerts');
      assert.deepEqual(listRequest.continuationLines.map(l => slice(variant, l)), ['    ?page=1', '    &pageSize=50']);
      assert.deepEqual(listRequest.headers.map(h => [h.name, h.value]), [['Accept', 'application/json']]);
      assert.equal(listRequest.body, undefined);
      assert.equal(listRequest.authorization, undefined);

      assert.equal(create.separator?.title, undefined);
      assert.equal(create.name, 'createAlert');
      const createRequest = requestOf(create);
      assert.equal(createRequest.method, 'POST');
      assert.equal(createRequest.httpVersion, '1.1');
      assert.equal(createRequest.url, '{{baseUrl}}/alerts');
      assert.deepEqual(createRequest.headers.map(h => h.name), ['Content-Type', 'authorization', 'X-Tenant']);
      assert.equal(createRequest.authorization?.value, 'Bearer {{$dotenv OLD_TOKEN}}');
      const body = createRequest.body;
      assert.ok(body);
      const bodyText = variant.slice(body.start, body.end);
      assert.ok(bodyText.startsWith('{') && bodyText.endsWith('}'));
      assert.ok(bodyText.includes('# this line starts with a hash but is body'));
      assert.ok(bodyText.includes('"note": "Authorization: x"'));
      assert.ok(!create.comments.some(c => c.text.includes('hash but is body')), 'a # line in a body is body, not a comment');

      const whoamiRequest = requestOf(whoami);
      assert.equal(whoami.name, 'whoami');
      assert.equal(whoamiRequest.method, 'GET');
      assert.equal(whoamiRequest.methodExplicit, false);
      assert.equal(whoamiRequest.url, '{{baseUrl}}/me');

      assert.equal(graphql.separator?.title, 'GraphQL');
      const graphqlBody = requestOf(graphql).body;
      assert.ok(graphqlBody);
      assert.ok(variant.slice(graphqlBody.start, graphqlBody.end).startsWith('query Alerts($first: Int) {'));
      assert.ok(variant.slice(graphqlBody.start, graphqlBody.end).endsWith('"first": 10' + model.eol + '}'));

      const multipartRequest = requestOf(multipart);
      assert.deepEqual(multipartRequest.headers.map(h => h.name), ['Content-Type', 'Authorization', 'AUTHORIZATION']);
      assert.equal(multipartRequest.authorization?.value, 'Bearer stale');
      const multipartBody = multipartRequest.body;
      assert.ok(multipartBody);
      assert.ok(variant.slice(multipartBody.start, multipartBody.end).endsWith('------KonexusBoundary--'));

      const delRequest = requestOf(del);
      assert.equal(delRequest.method, 'DELETE');
      assert.equal(delRequest.url, '{{baseUrl}}/alerts/42?reason={{$processEnv DELETE_REASON}}');
      assert.equal(delRequest.headers.length, 0);
    });
  }

  it('gives line numbers that match the text', () => {
    const model = parseHttpFile(text);
    const lines = text.split('\n');
    for (const block of model.blocks) {
      if (block.separator) assert.equal(lines[block.separator.line], slice(text, block.separator));
      if (block.request) assert.equal(lines[block.request.requestLine.line], slice(text, block.request.requestLine));
      for (const header of block.request?.headers ?? []) assert.equal(lines[header.line], slice(text, header));
    }
    assert.equal(model.lineCount, lines.length);
  });
});

describe('parseHttpFile: httpYac fixture', () => {
  const text = fixture('httpyac.http');
  const model = parseHttpFile(text);

  it('reads variables with = and :=, script blocks, metadata and protocol lines', () => {
    assertContiguous(model, text);
    const [top, profile, events, patch, response, grpc] = model.blocks;
    assert.equal(model.blocks.length, 6);
    assert.equal(top.request, undefined, 'a {{ }} script block is not a request line');
    assert.deepEqual(model.fileVariables.map(v => [v.name, v.value, v.operator]), [
      ['host', 'https://api.konexus.example', '='],
      ['token', 'await getToken()', ':='],
    ]);
    assert.equal(profile.name, 'profile');
    assert.deepEqual(profile.metadata.map(m => [m.key, m.value]), [['name', 'profile'], ['no-log', undefined]]);
    assert.equal(requestOf(events).method, 'SSE');
    assert.deepEqual(events.metadata.map(m => [m.key, m.value]), [['ref', 'profile']]);
    assert.equal(requestOf(events).authorization?.value, 'Bearer {{profile.token}}');
    assert.equal(requestOf(patch).method, 'PATCH', 'a JetBrains < {% %} pre-request script is skipped');
    assert.equal(response.request, undefined, 'a pasted response is not a request');
    assert.equal(requestOf(grpc).method, 'GRPC');
    assert.equal(grpc.separator?.title, 'gRPC');
  });
});

describe('parseHttpFile: edge cases', () => {
  it('reads a file of only variables and comments as one block without a request', () => {
    const text = fixture('variables-only.http');
    const model = parseHttpFile(text);
    assert.equal(model.blocks.length, 1);
    assert.equal(model.blocks[0].request, undefined);
    assert.deepEqual(model.fileVariables.map(v => [v.name, v.value]), [
      ['baseUrl', 'https://api.konexus.example/v1'],
      ['clientId', 'konexus-cli'],
      ['empty', ''],
    ]);
    const empty = model.fileVariables[2];
    assert.equal(empty.valueStart, empty.valueEnd);
  });

  it('parses an empty text into one empty block', () => {
    const model = parseHttpFile('');
    assert.equal(model.blocks.length, 1);
    assert.equal(model.blocks[0].request, undefined);
    assert.equal(model.blocks[0].end, 0);
    assert.equal(model.eol, '\n');
  });

  it('starts with block 1 when the file starts with ###, and covers the BOM', () => {
    const text = '\uFEFF### first\nGET /a\n';
    const model = parseHttpFile(text);
    assert.equal(model.hasBom, true);
    assert.equal(model.contentStart, 1);
    assert.equal(model.blocks.length, 1);
    assert.equal(model.blocks[0].separator?.title, 'first');
    assert.equal(model.blocks[0].start, 0);
    assert.equal(slice(text, requestOf(model.blocks[0]).requestLine), 'GET /a');
  });

  it('reads a variable right after a BOM', () => {
    const model = parseHttpFile('\uFEFF@x = 1\nGET /{{x}}');
    assert.deepEqual(model.fileVariables.map(v => v.name), ['x']);
    assert.equal(model.fileVariables[0].start, 1);
  });

  it('always splits at ### at a line start, even inside a body (as REST Client does)', () => {
    const text = 'POST /a\n\n{\n### oops\n}\n';
    const model = parseHttpFile(text);
    assert.equal(model.blocks.length, 2);
    assert.equal(model.blocks[1].separator?.title, 'oops');
    assert.equal(slice(text, requestOf(model.blocks[1]).requestLine), '}', 'what follows reads as a bare URL, as in REST Client');
  });

  it('keeps a file without a final newline: the last line ends at text.length', () => {
    const text = 'GET /a\nAccept: x';
    const model = parseHttpFile(text);
    assert.equal(model.endsWithEol, false);
    const header = requestOf(model.blocks[0]).headers[0];
    assert.equal(header.end, text.length);
    assert.equal(header.next, text.length);
  });

  it('finds headers after comment lines, and Authorization with any casing and spacing', () => {
    const text = 'GET /a\n# a comment\nAccept: x\n// another\n#X-Commented: out\n  AuThOrIzAtIoN  :   Bearer  t   \n\nbody';
    const block = parseHttpFile(text).blocks[0];
    const request = requestOf(block);
    assert.deepEqual(request.headers.map(h => h.name), ['Accept', 'AuThOrIzAtIoN']);
    assert.deepEqual(block.comments.map(c => c.text), ['a comment', 'another', 'X-Commented: out']);
    const auth = request.authorization;
    assert.ok(auth);
    assert.equal(auth.value, 'Bearer  t');
    assert.equal(text.slice(auth.nameStart, auth.nameEnd), 'AuThOrIzAtIoN');
    assert.equal(text.slice(auth.valueStart, auth.valueEnd), 'Bearer  t');
  });

  it('reads continuation lines with comments between them, and not after a header', () => {
    const text = 'GET /a\n# page\n  ?page=1\n\t&size=2\nAccept: x\n&not=continuation\n';
    const request = requestOf(parseHttpFile(text).blocks[0]);
    assert.equal(request.continuationLines.length, 2);
    assert.equal(request.url, '/a?page=1&size=2');
    assert.deepEqual(request.headers.map(h => h.name), ['Accept']);
  });

  it('tells a {{variable}} URL from a {{ script block', () => {
    const asUrl = parseHttpFile('{{host}}/a\n');
    assert.equal(requestOf(asUrl.blocks[0]).url, '{{host}}/a');
    const asScript = parseHttpFile('{{\n  exports.a = 1;\n}}\nGET /b\n');
    assert.equal(requestOf(asScript.blocks[0]).url, '/b');
    const unclosed = parseHttpFile('{{+after\nGET /b\n');
    assert.equal(unclosed.blocks[0].request, undefined, 'an unclosed script swallows the block, as in httpYac');
  });

  it('skips an httpYac /* */ block comment before the request line', () => {
    const model = parseHttpFile('/*\nGET /commented-out\n*/\nGET /real\n');
    assert.equal(requestOf(model.blocks[0]).url, '/real');
  });

  it('reads `@name` without `=` as a request line, `@a:=b` as an httpYac expression', () => {
    assert.equal(requestOf(parseHttpFile('@name\n').blocks[0]).url, '@name');
    const model = parseHttpFile('@a:=b\n');
    assert.deepEqual(model.fileVariables.map(v => [v.name, v.operator, v.value]), [['a', ':=', 'b']]);
  });

  it('treats an indented ### and a ## line as comments, not separators', () => {
    const model = parseHttpFile('  ###\n## heading\nGET /a\n');
    assert.equal(model.blocks.length, 1);
    assert.equal(requestOf(model.blocks[0]).url, '/a');
    assert.deepEqual(model.blocks[0].comments.map(c => c.text), ['', 'heading']);
  });

  it('picks the dominant line ending and keeps lone CRs as content', () => {
    assert.equal(parseHttpFile('a\r\nb\r\nc\n').eol, '\r\n');
    assert.equal(parseHttpFile('a\r\nb\nc\n').eol, '\n');
    const model = parseHttpFile('GET /a\rb\n');
    assert.equal(model.lineCount, 2);
    assert.equal(requestOf(model.blocks[0]).url, '/a\rb');
  });

  it('recognises methods case-insensitively and strips the HTTP version', () => {
    const request = requestOf(parseHttpFile('patch https://x/y  HTTP/2\n').blocks[0]);
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, 'https://x/y');
    assert.equal(request.httpVersion, '2');
    const graphql = requestOf(parseHttpFile('GRAPHQL https://x/graphql\n').blocks[0]);
    assert.equal(graphql.method, 'GRAPHQL');
  });

  it('parses pathological long lines in linear time', () => {
    const hostile = [
      ' '.repeat(200_000) + 'x',
      '@'.repeat(200_000),
      'a'.repeat(200_000) + ' : ',
      '#'.repeat(200_000),
      '{{'.repeat(100_000),
      ('GET /a\n' + ' \t'.repeat(50_000) + '?\n').repeat(2),
      '@a' + ' '.repeat(200_000) + '= b' + ' '.repeat(200_000),
      'GET /x HTTP/' + ' '.repeat(200_000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      parseHttpFile(text);
      parseHttpFile(text + '\n' + text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms on a ${text.length}-character line`);
    }
  });
});

describe('forEachBlock', () => {
  it('hands over the very blocks parseHttpFile keeps, in order, each once, and the same file shape', () => {
    for (const name of readdirSync(new URL('../../../test/node/fixtures/http/', import.meta.url))) {
      for (const text of [fixture(name), toCrlf(fixture(name)), `\ufeff${fixture(name)}`]) {
        const model = parseHttpFile(text);
        const seen: RequestBlock[] = [];
        const shape = forEachBlock(text, (block, file) => {
          assert.equal(file.eol, model.eol);
          seen.push(block);
        });
        assert.deepEqual(seen, model.blocks, name);
        assert.deepEqual(shape, { eol: model.eol, hasBom: model.hasBom, contentStart: model.contentStart, lineCount: model.lineCount, endsWithEol: model.endsWithEol });
      }
    }
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHttpFile } from '../../src/core/httpFile/parse';
import { authorizationUsesReference, normalizeTemplateText, requestAt, requestBlocks } from '../../src/core/httpFile/requestAt';
import type { HttpRequestHead } from '../../src/core/httpFile/model';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/node/fixtures/http/${name}`, import.meta.url), 'utf8');

describe('requestAt', () => {
  const text = fixture('rest-client.http');
  const model = parseHttpFile(text);
  const indexAt = (offset: number) => requestAt(model, offset)?.index;

  it('puts a separator line in the block it opens, and blank lines before the next ### in the block above', () => {
    const listSeparator = text.indexOf('### List alerts');
    assert.equal(indexAt(listSeparator), 1);
    assert.equal(indexAt(listSeparator - 1), 0, 'the blank line above the separator is still block 0');
    assert.equal(indexAt(listSeparator + 4), 1);
    const nextSeparator = text.indexOf('###', listSeparator + 3);
    assert.equal(indexAt(nextSeparator - 1), 1);
    assert.equal(indexAt(nextSeparator), 2);
  });

  it('finds the block of a header, a body line and the last character', () => {
    assert.equal(indexAt(text.indexOf('X-Tenant')), 2);
    assert.equal(indexAt(text.indexOf('# this line starts with a hash')), 2);
    assert.equal(indexAt(text.length), 6);
    assert.equal(indexAt(text.length - 1), 6);
  });

  it('clamps offsets outside the text', () => {
    assert.equal(indexAt(-5), 0);
    assert.equal(indexAt(text.length + 100), 6);
  });

  it('answers for every offset the block whose range holds it', () => {
    for (let offset = 0; offset <= text.length; offset += 7) {
      const block = requestAt(model, offset);
      assert.ok(block);
      assert.ok(block.start <= offset && (offset < block.end || block.index === model.blocks.length - 1), `offset ${offset}`);
    }
  });

  it('lists the blocks with a request line for CodeLenses, with the request line offsets', () => {
    const requests = requestBlocks(model);
    assert.deepEqual(requests.map(block => block.index), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      requests.map(block => text.slice(block.request.requestLine.start, block.request.requestLine.end)),
      [
        'GET {{baseUrl}}/alerts',
        'POST {{baseUrl}}/alerts HTTP/1.1',
        '{{baseUrl}}/me',
        'POST {{baseUrl}}/graphql',
        'POST {{baseUrl}}/attachments',
        'DELETE {{baseUrl}}/alerts/42?reason={{$processEnv DELETE_REASON}}',
      ],
    );
  });
});

describe('authorizationUsesReference', () => {
  const requestWith = (headers: string): HttpRequestHead => {
    const request = parseHttpFile(`GET /a\n${headers}\n`).blocks[0].request;
    assert.ok(request);
    return request;
  };

  it('finds the reference in the Authorization header, however it is spaced', () => {
    for (const header of [
      'Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}',
      'authorization: Bearer {{ $dotenv   KONEXUS_TOKEN }}',
      'AUTHORIZATION:Bearer\t{{$dotenv\tKONEXUS_TOKEN  }}',
    ]) {
      assert.equal(authorizationUsesReference(requestWith(header), '{{$dotenv KONEXUS_TOKEN}}'), true, header);
    }
    assert.equal(authorizationUsesReference(requestWith('Authorization: Bearer {{konexusToken}}'), '{{ konexusToken }}'), true);
  });

  it('says no for another name, another case, no header, or the reference elsewhere', () => {
    assert.equal(authorizationUsesReference(requestWith('Authorization: Bearer {{$dotenv OTHER_TOKEN}}'), '{{$dotenv KONEXUS_TOKEN}}'), false);
    assert.equal(authorizationUsesReference(requestWith('Authorization: Bearer {{KonexusToken}}'), '{{konexusToken}}'), false);
    assert.equal(authorizationUsesReference(requestWith('X-Token: {{konexusToken}}'), '{{konexusToken}}'), false);
    assert.equal(authorizationUsesReference(requestWith('Accept: */*'), '{{konexusToken}}'), false);
    assert.equal(authorizationUsesReference(requestWith('Authorization: Bearer x'), '   '), false);
  });

  it('looks only at the first Authorization header, the one sent', () => {
    const request = requestWith('Authorization: Bearer stale\nAuthorization: Bearer {{konexusToken}}');
    assert.equal(authorizationUsesReference(request, '{{konexusToken}}'), false);
  });

  it('normalises whitespace inside and outside templates', () => {
    assert.equal(normalizeTemplateText('  Bearer   {{  $dotenv   X  }}  '), 'Bearer {{$dotenv X}}');
    assert.equal(normalizeTemplateText('{{a}} {{ b }}'), '{{a}} {{b}}');
    assert.equal(normalizeTemplateText('a }} b'), 'a}} b');
  });
});

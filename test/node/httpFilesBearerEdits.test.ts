import assert from 'node:assert/strict';
import { applyEdits } from '../../src/core/httpFile';
import { authorizationValue, isHeaderStyle, planBearerEdits, tokenReference, type BearerEditRequest } from '../../src/core/httpFile/bearerHeader';
import { isHttpFilePath } from '../../src/core/httpFile/names';
import { bearerPlanText } from '../../src/httpFiles/model/bearerWords';

const NAMES = { dotenvKey: 'KONEXUS_TOKEN', fileVariableName: 'konexusToken' };
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const crlf = (lines: readonly string[]) => lines.join('\r\n');

const FILE = crlf([
  '# Konexus API',
  '@baseUrl = https://api.konexus.com/v1',
  '',
  '### Me',
  'GET {{baseUrl}}/me',
  'Accept: application/json',
  '',
  '### Existing header',
  'POST {{baseUrl}}/echo',
  'authorization: Basic abc',
  'Content-Type: text/plain',
  '',
  'Authorization: this line is body text, not a header',
  '',
  '### GraphQL',
  'POST {{baseUrl}}/graphql',
  'Content-Type: application/json',
  'X-Request-Type: GraphQL',
  '',
  'query Me { me { id } }',
  '',
]);

function apply(text: string, request: Omit<BearerEditRequest, 'names' | 'accessToken'> & { accessToken?: string }): { text: string; edited: number; requests: number } {
  const plan = planBearerEdits(text, { names: NAMES, accessToken: TOKEN, ...request });
  assert.ok(plan.ok, plan.ok ? '' : `${plan.code}: ${bearerPlanText(plan.why)}`);
  return { text: applyEdits(text, plan.edits), edited: plan.editedRequests, requests: plan.targetedRequests };
}

describe('httpFiles: header styles', () => {
  it('writes the reference each style uses, and the token itself only for literal', () => {
    assert.equal(tokenReference('dotenv', NAMES), '{{$dotenv KONEXUS_TOKEN}}');
    assert.equal(tokenReference('fileVariable', NAMES), '{{konexusToken}}');
    assert.equal(tokenReference('literal', NAMES), undefined);
    assert.equal(authorizationValue('dotenv', NAMES, TOKEN), 'Bearer {{$dotenv KONEXUS_TOKEN}}');
    assert.equal(authorizationValue('fileVariable', { ...NAMES, fileVariableName: 'tok' }, TOKEN), 'Bearer {{tok}}');
    assert.equal(authorizationValue('literal', NAMES, TOKEN), `Bearer ${TOKEN}`);
  });

  it('knows .http and .rest files and the three styles', () => {
    assert.ok(isHttpFilePath('/a/b/api.http'));
    assert.ok(isHttpFilePath('/a/b/API.REST'));
    assert.ok(!isHttpFilePath('/a/b/api.http.txt'));
    assert.ok(!isHttpFilePath('/a/.env'));
    assert.ok(isHeaderStyle('literal'));
    assert.ok(!isHeaderStyle('Dotenv'));
    assert.ok(!isHeaderStyle(undefined));
  });
});

describe('httpFiles: planBearerEdits', () => {
  it('inserts the header after the request line at the cursor, CRLF kept, nothing else touched', () => {
    const cursor = FILE.indexOf('Accept: application/json');
    const { text, edited, requests } = apply(FILE, { style: 'dotenv', scope: { kind: 'at', offset: cursor } });
    assert.equal(text, FILE.replace('GET {{baseUrl}}/me\r\n', 'GET {{baseUrl}}/me\r\nAuthorization: Bearer {{$dotenv KONEXUS_TOKEN}}\r\n'));
    assert.deepEqual([edited, requests], [1, 1]);
  });

  it('replaces only the value of an existing header, keeping its casing; body text that looks like a header stays', () => {
    const cursor = FILE.indexOf('POST {{baseUrl}}/echo');
    const { text } = apply(FILE, { style: 'dotenv', scope: { kind: 'at', offset: cursor } });
    assert.equal(text, FILE.replace('authorization: Basic abc', 'authorization: Bearer {{$dotenv KONEXUS_TOKEN}}'));
    assert.ok(text.includes('\r\nAuthorization: this line is body text, not a header\r\n'));
  });

  it('sets every request with all, and a second run changes nothing', () => {
    const first = apply(FILE, { style: 'dotenv', scope: { kind: 'all' } });
    assert.deepEqual([first.edited, first.requests], [3, 3]);
    assert.equal(first.text.split('Bearer {{$dotenv KONEXUS_TOKEN}}').length - 1, 3);
    assert.ok(!/(^|[^\r])\n/.test(first.text), 'no bare LF appears');
    assert.ok(first.text.includes('query Me { me { id } }'));
    const second = planBearerEdits(first.text, { style: 'dotenv', names: NAMES, accessToken: TOKEN, scope: { kind: 'all' } });
    assert.ok(second.ok);
    assert.deepEqual([second.edits.length, second.editedRequests, second.targetedRequests], [0, 0, 3]);
  });

  it('fileVariable: the header reads {{konexusToken}} and the variable goes at the top, in one set of edits', () => {
    const { text, edited } = apply(FILE, { style: 'fileVariable', scope: { kind: 'all' } });
    assert.equal(edited, 3);
    assert.ok(text.startsWith(`# Konexus API\r\n@konexusToken = ${TOKEN}\r\n@baseUrl`), text.slice(0, 120));
    assert.equal(text.split('Authorization: Bearer {{konexusToken}}').length - 1, 2);
    assert.ok(text.includes('authorization: Bearer {{konexusToken}}'));
    // Updating the token later changes only the variable's value.
    const next = apply(text, { style: 'fileVariable', scope: { kind: 'all' }, accessToken: 'eyJ.next.token' });
    assert.equal(next.edited, 0);
    assert.equal(next.text, text.replace(TOKEN, 'eyJ.next.token'));
  });

  it('fileVariable in a file that starts with its request: the variable gets a region of its own', () => {
    const text = 'GET https://x/me\r\n';
    const { text: after } = apply(text, { style: 'fileVariable', scope: { kind: 'at', offset: 0 } });
    assert.equal(after, `@konexusToken = ${TOKEN}\r\n###\r\nGET https://x/me\r\nAuthorization: Bearer {{konexusToken}}\r\n`);
  });

  it('literal: the token itself in the header', () => {
    const { text } = apply(FILE, { style: 'literal', scope: { kind: 'at', offset: FILE.indexOf('graphql') } });
    assert.ok(text.includes(`POST {{baseUrl}}/graphql\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type`));
  });

  it('fails with no_request outside a request, or in a file without one', () => {
    const atTop = planBearerEdits(FILE, { style: 'dotenv', names: NAMES, accessToken: TOKEN, scope: { kind: 'at', offset: 3 } });
    assert.ok(!atTop.ok);
    assert.equal(atTop.code, 'no_request');
    assert.deepEqual(atTop.why, { kind: 'no_request_at_cursor' });
    assert.match(bearerPlanText(atTop.why), /Put the cursor inside a request/);
    const empty = planBearerEdits('@a = 1\n', { style: 'dotenv', names: NAMES, accessToken: TOKEN, scope: { kind: 'all' } });
    assert.ok(!empty.ok);
    assert.equal(empty.code, 'no_request');
  });

  it('refuses a token or name that would break the file', () => {
    const badToken = planBearerEdits(FILE, { style: 'literal', names: NAMES, accessToken: 'a\r\nX-Injected: 1', scope: { kind: 'all' } });
    assert.ok(!badToken.ok);
    assert.equal(badToken.code, 'invalid_value');
    const badName = planBearerEdits(FILE, { style: 'fileVariable', names: { ...NAMES, fileVariableName: 'not a name' }, accessToken: TOKEN, scope: { kind: 'all' } });
    assert.ok(!badName.ok);
    assert.equal(badName.code, 'invalid_name');
  });
});

/**
 * Random and mutated `.http` and `.env` texts through the parsers and every edit function. The seed is
 * printed; rerun a failure with FUZZ_SEED=<seed>. FUZZ_ITERATIONS scales the run (default 12,000 .http texts
 * and 6,000 .env texts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { authorizationHeaderEdits, fileVariableEdit } from '../../src/core/httpFile/edits';
import { parseHttpFile } from '../../src/core/httpFile/parse';
import { requestAt } from '../../src/core/httpFile/requestAt';
import { applyEdits, editsAreWellFormed, type EditResult, type TextEdit } from '../../src/core/httpFile/textEdit';
import { dotenvLookup, dotenvRemoveEdit, dotenvUpsertEdit, parseDotenv } from '../../src/core/httpFile/dotenv';
import type { HttpFileModel } from '../../src/core/httpFile/model';
import { prng, RandomPicks } from './lib/random';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const SCALE = Number(process.env.FUZZ_ITERATIONS ?? 12_000) / 12_000;
const HTTP_TEXTS = Math.round(12_000 * SCALE);
const DOTENV_TEXTS = Math.round(6_000 * SCALE);
const VALUE = 'Bearer {{$dotenv KONEXUS_TOKEN}}';

class Random extends RandomPicks {
  constructor(seed: number) {
    super(prng(seed));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const HTTP_LINES: Record<string, readonly string[]> = {
  separator: ['###', '### Title', '####', '###x', '  ###', '#####   spaced title  '],
  comment: ['# comment', '// comment', '# @name req', '// @name r2', '# @no-log', '#', '//', '## two', '#@name tight', '# Authorization: Bearer commented'],
  variable: ['@baseUrl = https://x', '@a := 1', '@ x = 1', '@a', '@a==b', '@a:=', '@a =', '@konexusToken = old', '@konexusToken := f()', '  @b=2  '],
  request: ['GET https://x/a', 'POST {{baseUrl}}/b HTTP/1.1', '{{baseUrl}}/c', 'https://x', 'get /lower', 'GRAPHQL /gql', 'DELETE', 'PATCH /p HTTP/2', 'SSE /events', 'HTTP/1.1 200 OK', 'OPTIONS *'],
  continuation: ['  ?a=1', '&b=2', '\t?x', '    &y={{z}}'],
  header: ['Accept: */*', 'Authorization: Bearer old', 'authorization:', 'AUTHORIZATION : Basic x', 'X-Empty:', 'Content-Type: application/json', `Authorization: ${VALUE}`, 'Authorization:x   ', 'not a header line', 'Host:example.com'],
  body: ['{', '"Authorization: x"', '}', '# body hash', '<> ref.json', '< ./file.json', '--boundary', 'query { a }', '"a": "###"', 'Authorization: in body', '{"k": 1}'],
  script: ['{{', '}}', '< {%', '%}', '/*', '*/', '{{+after', '< ./pre.js', '> {% client.log(1) %}'],
  blank: ['', '   ', '\t', '\u00a0'],
};
const CATEGORIES = Object.keys(HTTP_LINES);
const JUNK = ['#', '/', '@', '=', ':', ' ', '\t', '\r', '\n', '\r\n', '?', '&', '{', '}', '%', '<', '*', 'A', 'é', '\uFEFF', '###', '"', "'", 'GET ', 'Authorization: ', '\u2028'];

function randomHttpText(random: Random): string {
  const lines: string[] = [];
  const count = random.int(40);
  for (let i = 0; i < count; i++) {
    if (random.chance(0.05)) {
      lines.push(Array.from({ length: random.int(12) }, () => random.pick(JUNK)).join(''));
    } else {
      lines.push(random.pick(HTTP_LINES[random.pick(CATEGORIES)]));
    }
  }
  return joinLines(random, lines);
}

function joinLines(random: Random, lines: readonly string[]): string {
  const style = random.int(3); // 0: LF, 1: CRLF, 2: mixed
  let text = random.chance(0.1) ? '\uFEFF' : '';
  lines.forEach((line, i) => {
    text += line;
    const last = i === lines.length - 1;
    if (!last || random.chance(0.7)) text += style === 0 ? '\n' : style === 1 ? '\r\n' : random.pick(['\n', '\r\n']);
  });
  return text;
}

function mutate(random: Random, text: string): string {
  let out = text;
  const mutations = 1 + random.int(5);
  for (let m = 0; m < mutations; m++) {
    const at = random.int(out.length + 1);
    switch (random.int(4)) {
      case 0:
        out = out.slice(0, at) + random.pick(JUNK) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + random.int(20)));
        break;
      case 2: {
        const end = Math.min(out.length, at + random.int(60));
        out = out.slice(0, at) + out.slice(at, end) + out.slice(at);
        break;
      }
      default:
        out = random.chance(0.5) ? out.replace('\n', '\r\n') : out.replace('\r\n', '\n');
    }
  }
  return out;
}

function fail(kind: string, text: string, detail: string): never {
  assert.fail(`${kind} failed (FUZZ_SEED=${SEED}): ${detail}\ntext: ${JSON.stringify(text)}`);
}

function editsOf(result: EditResult, text: string, what: string): readonly TextEdit[] {
  if (!result.ok) fail(what, text, `unexpected ${result.code}`);
  if (!editsAreWellFormed(result.edits, text.length)) fail(what, text, `edits overlap or leave the text: ${JSON.stringify(result.edits)}`);
  return result.edits;
}

function checkStructure(model: HttpFileModel, text: string): void {
  const { blocks } = model;
  if (blocks.length === 0 || blocks[0].start !== 0 || blocks.at(-1)?.end !== text.length) fail('structure', text, 'blocks do not cover the text');
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (i > 0 && block.start !== blocks[i - 1].end) fail('structure', text, `gap before block ${i}`);
    if (block.startLine > block.endLine) fail('structure', text, `block ${i} has no lines`);
    const request = block.request;
    if (!request) continue;
    const inBlock = (start: number, end: number) => block.start <= start && start <= end && end <= block.end;
    if (!inBlock(request.requestLine.start, request.requestLine.end)) fail('structure', text, `request line outside block ${i}`);
    for (const header of request.headers) {
      if (!inBlock(header.start, header.end)) fail('structure', text, `header outside block ${i}`);
      if (!(header.nameStart < header.nameEnd && header.nameEnd < header.colonEnd && header.colonEnd <= header.valueStart && header.valueStart <= header.valueEnd)) {
        fail('structure', text, `header offsets out of order in block ${i}`);
      }
    }
    if (request.body && !inBlock(request.body.start, request.body.end)) fail('structure', text, `body outside block ${i}`);
  }
}

/**
 * Byte identity, checked edit by edit: an insertion adds exactly one Authorization line; a replacement
 * stays inside an Authorization header's value; a deletion takes an Authorization header line and line
 * breaks, nothing else.
 */
function checkEditsTouchOnlyAuthorization(model: HttpFileModel, text: string, edits: readonly TextEdit[]): void {
  const authorizationHeaders = model.blocks.flatMap(block => block.request?.headers.filter(h => h.name.toLowerCase() === 'authorization') ?? []);
  for (const edit of edits) {
    if (edit.start === edit.end && edit.newText.includes('Authorization')) {
      if (!/^(?:\r?\n)?Authorization: Bearer \{\{\$dotenv KONEXUS_TOKEN\}\}(?:\r?\n)?$/.test(edit.newText)) fail('insert', text, JSON.stringify(edit));
      continue;
    }
    if (edit.newText !== '') {
      const ok = (edit.newText === VALUE || edit.newText === ' ' + VALUE) &&
        authorizationHeaders.some(h => h.colonEnd <= edit.start && edit.end <= h.end);
      if (!ok) fail('replace', text, JSON.stringify(edit));
      continue;
    }
    // Removed: whole Authorization header lines (consecutive ones merged) and line breaks, nothing else.
    const removedHeaders = authorizationHeaders.filter(h => edit.start <= h.start && h.end <= edit.end);
    let rest = '';
    let cursor = edit.start;
    for (const header of removedHeaders) {
      rest += text.slice(cursor, header.start);
      cursor = header.end;
    }
    rest += text.slice(cursor, edit.end);
    if (removedHeaders.length === 0 || !/^(?:\r?\n)*$/.test(rest) || rest.length > 2 * removedHeaders.length) {
      fail('remove', text, JSON.stringify(edit));
    }
  }
}

function checkAuthorizationAll(text: string, model: HttpFileModel): void {
  const requestCount = model.blocks.filter(b => b.request).length;
  const result = authorizationHeaderEdits(text, { value: VALUE, scope: { kind: 'all' } });
  if (requestCount === 0) {
    if (result.ok || result.code !== 'no_request') fail('all', text, 'expected no_request');
    return;
  }
  const edits = editsOf(result, text, 'all');
  checkEditsTouchOnlyAuthorization(model, text, edits);
  const after = applyEdits(text, edits);
  const reparsed = parseHttpFile(after);
  if (reparsed.blocks.length !== model.blocks.length) fail('all', text, 'block count changed');
  reparsed.blocks.forEach((block, i) => {
    const original = model.blocks[i];
    if (!original.request) {
      if (block.request || after.slice(block.start, block.end) !== text.slice(original.start, original.end)) fail('all', text, `block ${i} without request changed`);
      return;
    }
    const request = block.request;
    if (!request) fail('all', text, `block ${i} lost its request`);
    const authorizations = request.headers.filter(h => h.name.toLowerCase() === 'authorization');
    if (authorizations.length !== 1 || authorizations[0].value !== VALUE) fail('all', text, `block ${i}: ${JSON.stringify(authorizations.map(h => h.value))}`);
    const bodyBefore = original.request.body && text.slice(original.request.body.start, original.request.body.end);
    const bodyAfter = request.body && after.slice(request.body.start, request.body.end);
    if (bodyBefore !== bodyAfter) fail('all', text, `block ${i} body changed`);
  });
  const again = authorizationHeaderEdits(after, { value: VALUE, scope: { kind: 'all' } });
  if (!again.ok || again.edits.length !== 0) fail('all', text, 'not idempotent');
}

function checkAuthorizationAt(random: Random, text: string, model: HttpFileModel): void {
  const offset = random.int(text.length + 1);
  const target = requestAt(model, offset);
  if (!target || !(target.start <= offset && (offset < target.end || target.index === model.blocks.length - 1))) fail('at', text, `requestAt(${offset})`);
  const result = authorizationHeaderEdits(text, { value: VALUE, scope: { kind: 'at', offset } });
  if (!target.request) {
    if (result.ok || result.code !== 'no_request') fail('at', text, 'expected no_request');
    return;
  }
  const edits = editsOf(result, text, 'at');
  const after = applyEdits(text, edits);
  const reparsed = parseHttpFile(after);
  if (reparsed.blocks.length !== model.blocks.length) fail('at', text, 'block count changed');
  if (reparsed.blocks[target.index].request?.authorization?.value !== VALUE) fail('at', text, 'header not set');
  reparsed.blocks.forEach((block, i) => {
    const original = model.blocks[i];
    if (i !== target.index && after.slice(block.start, block.end) !== text.slice(original.start, original.end)) fail('at', text, `block ${i} changed`);
  });
}

function checkFileVariable(random: Random, text: string, model: HttpFileModel): void {
  const value = random.pick(['eyJ.a.b', 'x y', '', '{{$dotenv K}}', ' padded ']);
  const edits = editsOf(fileVariableEdit(text, 'konexusToken', value), text, 'fileVariable');
  const after = applyEdits(text, edits);
  const reparsed = parseHttpFile(after);
  const found = reparsed.fileVariables.find(v => v.name === 'konexusToken');
  if (found?.value !== value.trim() || found.operator !== '=') fail('fileVariable', text, `reads back ${JSON.stringify(found?.value)}`);
  const requestLines = (m: HttpFileModel, t: string) =>
    m.blocks.flatMap(b => (b.request ? [t.slice(b.request.requestLine.start, b.request.requestLine.end)] : []));
  assert.deepEqual(requestLines(reparsed, after), requestLines(model, text), `requests changed (FUZZ_SEED=${SEED}) in ${JSON.stringify(text)}`);
}

describe('fuzz: .http texts through parse and edits', function () {
  this.timeout(300_000);
  const fixtures = ['rest-client.http', 'httpyac.http', 'variables-only.http'].map(name =>
    readFileSync(new URL(`../../../test/node/fixtures/http/${name}`, import.meta.url), 'utf8'),
  );

  it(`survives ${HTTP_TEXTS} random and mutated texts (seed printed)`, () => {
    console.log(`      FUZZ_SEED=${SEED}`);
    const random = new Random(SEED);
    const started = performance.now();
    let withRequests = 0;
    for (let i = 0; i < HTTP_TEXTS; i++) {
      const source = random.chance(0.3) ? random.pick(fixtures) : randomHttpText(random);
      const text = random.chance(0.5) ? mutate(random, source) : source;
      let model: HttpFileModel;
      try {
        model = parseHttpFile(text);
      } catch (error) {
        fail('parse', text, String(error));
      }
      checkStructure(model, text);
      if (model.blocks.some(b => b.request)) withRequests++;
      checkAuthorizationAll(text, model);
      checkAuthorizationAt(random, text, model);
      checkFileVariable(random, text, model);
    }
    console.log(`      ${HTTP_TEXTS} texts (${withRequests} with requests) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(withRequests > HTTP_TEXTS / 2, 'the generator should mostly produce files with requests');
  });
});

const DOTENV_LINES = [
  'K=1', 'export K = v', "K='a b'", 'K="multi', 'line"', '# K=c', 'K', '=x', 'K: v', 'A=1', 'B="x"junk', "C='", 'D=`tick`',
  'E=a # note', '', '   ', 'export', 'F="esc \\" quote"', 'K=', "K='it''s'", 'G=#', 'H="a\\nb"',
];
const DOTENV_VALUES = ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'x y', '#hash', "it's", '', 'a"b', '$X', ' pad ', 'ends\\'];

describe('fuzz: .env texts through parse, upsert and remove', function () {
  this.timeout(300_000);

  it(`survives ${DOTENV_TEXTS} random and mutated texts (seed printed)`, () => {
    console.log(`      FUZZ_SEED=${SEED}`);
    const random = new Random(SEED ^ 0x5bd1e995);
    let refused = 0;
    for (let i = 0; i < DOTENV_TEXTS; i++) {
      const lines = Array.from({ length: random.int(15) }, () => random.pick(DOTENV_LINES));
      const generated = joinLines(random, lines);
      const text = random.chance(0.4) ? mutate(random, generated) : generated;
      const entries = parseDotenv(text);
      for (let e = 1; e < entries.length; e++) {
        if (entries[e].start < entries[e - 1].next) fail('dotenv parse', text, 'entries overlap');
      }
      const value = random.pick(DOTENV_VALUES);
      const upsert = dotenvUpsertEdit(text, 'K', value);
      if (!upsert.ok) {
        if (upsert.code !== 'ambiguous_text') fail('dotenv upsert', text, upsert.code);
        refused++;
      } else {
        const after = applyEdits(text, editsOf(upsert, text, 'dotenv upsert'));
        if (dotenvLookup(parseDotenv(after), 'K') !== value) fail('dotenv upsert', text, `K reads back wrong for ${JSON.stringify(value)}`);
        const again = dotenvUpsertEdit(after, 'K', value);
        if (!again.ok || again.edits.length !== 0) fail('dotenv upsert', text, 'not idempotent');
      }
      const removal = dotenvRemoveEdit(text, 'K');
      if (!removal.ok) {
        if (removal.code !== 'ambiguous_text') fail('dotenv remove', text, removal.code);
        refused++;
      } else {
        const after = applyEdits(text, editsOf(removal, text, 'dotenv remove'));
        if (dotenvLookup(parseDotenv(after), 'K') !== undefined) fail('dotenv remove', text, 'K still there');
        const others = (t: string) => parseDotenv(t).filter(e => e.key !== 'K').map(e => [e.key, e.value]);
        assert.deepEqual(others(after), others(text), `other keys changed (FUZZ_SEED=${SEED}) in ${JSON.stringify(text)}`);
      }
    }
    console.log(`      ${DOTENV_TEXTS} texts, ${refused} edits refused as ambiguous`);
    assert.ok(refused < DOTENV_TEXTS / 10, 'refusals stay the exception');
  });
});

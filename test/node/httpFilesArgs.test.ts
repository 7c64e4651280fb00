import assert from 'node:assert/strict';
import { parseInsertBearerArgs } from '../../src/core/httpFile/insertBearerArgs';
import { insertBearerArgsText } from '../../src/httpFiles/model/bearerWords';

describe('httpFiles: insertBearerHeader arguments', () => {
  it('defaults to the request at the cursor, the style setting and the active profile', () => {
    assert.deepEqual(parseInsertBearerArgs(undefined), { ok: true, args: { all: false, style: undefined, profile: undefined, uri: undefined, line: undefined } });
    assert.deepEqual(parseInsertBearerArgs({}), { ok: true, args: { all: false, style: undefined, profile: undefined, uri: undefined, line: undefined } });
  });

  it('takes all, style, profile, uri and line', () => {
    const parsed = parseInsertBearerArgs({ all: true, style: 'fileVariable', profile: ' staging ', uri: 'file:///w/a.http', line: 4 });
    assert.deepEqual(parsed, { ok: true, args: { all: true, style: 'fileVariable', profile: 'staging', uri: 'file:///w/a.http', line: 4 } });
  });

  it('accepts the Uri VS Code passes from the editor context menu, also spread by insertBearerHeaderAll', () => {
    const uriFields = { scheme: 'file', authority: '', path: '/w/a.http', query: '', fragment: '', _formatted: null, _fsPath: null };
    const parsed = parseInsertBearerArgs({ ...uriFields, all: true });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.args.uri, { scheme: 'file', authority: '', path: '/w/a.http', query: '', fragment: '' });
    assert.equal(parsed.args.all, true);
    const nested = parseInsertBearerArgs({ uri: uriFields });
    assert.ok(nested.ok);
    assert.deepEqual(nested.args.uri, { scheme: 'file', authority: '', path: '/w/a.http', query: '', fragment: '' });
  });

  it('says what is wrong with a bad argument', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['dotenv', /must be an object/],
      [{ all: 'yes' }, /"all" must be true or false/],
      [{ style: 'bearer' }, /"style" must be one of "dotenv", "fileVariable", "literal"/],
      [{ profile: '' }, /"profile" must be the name of a profile/],
      [{ line: -1 }, /"line" must be a 0-based line number/],
      [{ line: 1.5 }, /"line"/],
      [{ uri: 42 }, /"uri" must be a document URI/],
    ];
    for (const [arg, message] of cases) {
      const parsed = parseInsertBearerArgs(arg);
      assert.ok(!parsed.ok, JSON.stringify(arg));
      assert.match(insertBearerArgsText(parsed.problem), message);
    }
  });
});

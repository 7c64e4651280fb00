/**
 * Writing the token into a `.env`: when the user must confirm first (Restricted Mode, a symbolic link leading
 * outside the workspace), what the dialog says, and where a write would really land, against real links.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInside } from '../../src/core/paths';
import { dotenvConfirmationText, dotenvWriteDecision, locateDotenv, type DotenvLocation } from '../../src/httpFiles/model/dotenvRisk';
import { isTrackedByGit } from '../../src/core/git/ignoreCheck';
import { GitRunner } from '../../src/core/git/gitRunner';
import { pausedDotenvLens, unmanagedLens } from '../../src/httpFiles/model/tokenLensView';

const WS = '/home/dev/api';
const plain: DotenvLocation = { path: `${WS}/.env`, realPath: `${WS}/.env`, exists: true, workspaceFolders: [WS] };
const missing: DotenvLocation = { ...plain, exists: false };
const linkInside: DotenvLocation = { ...plain, realPath: `${WS}/config/dev.env`, link: 'file' };
const linkOutside: DotenvLocation = { ...plain, realPath: '/home/dev/.config/other/.env', link: 'file' };
const linkUnresolved: DotenvLocation = { ...plain, realPath: undefined, link: 'file' };
const folderLinkOutside: DotenvLocation = { ...plain, path: `${WS}/shared/.env`, realPath: '/srv/shared/.env', link: 'folder' };
const tracked: DotenvLocation = { ...plain, tracked: true };

describe('httpFiles: confirming a token write into a .env', () => {
  it('asks in Restricted Mode whatever the file, and in a trusted folder only for a link leading outside', () => {
    const cases: Array<[string, DotenvLocation, unknown, unknown]> = [
      // name, location, trusted, untrusted
      ['plain file', plain, { confirm: false }, { confirm: true, reasons: ['untrusted'] }],
      ['missing file', missing, { confirm: false }, { confirm: true, reasons: ['untrusted'] }],
      ['link inside the folder', linkInside, { confirm: false }, { confirm: true, reasons: ['untrusted'] }],
      ['link outside the folder', linkOutside, { confirm: true, reasons: ['linkOutside'] }, { confirm: true, reasons: ['untrusted', 'linkOutside'] }],
      ['folder link outside', folderLinkOutside, { confirm: true, reasons: ['linkOutside'] }, { confirm: true, reasons: ['untrusted', 'linkOutside'] }],
      ['link that cannot be resolved', linkUnresolved, { confirm: true, reasons: ['linkUnresolved'] }, { confirm: true, reasons: ['untrusted', 'linkUnresolved'] }],
    ];
    for (const [name, location, trusted, untrusted] of cases) {
      assert.deepEqual(dotenvWriteDecision(true, location), trusted, `trusted, ${name}`);
      assert.deepEqual(dotenvWriteDecision(false, location), untrusted, `untrusted, ${name}`);
    }
  });

  it('counts a link as inside when it leads into any workspace folder, and as outside with no folder open', () => {
    const multiRoot = { ...linkOutside, workspaceFolders: [WS, '/home/dev/.config/other'] };
    assert.deepEqual(dotenvWriteDecision(true, multiRoot), { confirm: false });
    assert.deepEqual(dotenvWriteDecision(true, { ...linkInside, workspaceFolders: [] }), { confirm: true, reasons: ['linkOutside'] });
    // A plain file outside every folder is the file the user opened: no link, no question.
    assert.deepEqual(dotenvWriteDecision(true, { ...plain, workspaceFolders: [] }), { confirm: false });
  });

  it('compares paths by component, not by prefix', () => {
    assert.equal(isInside('/home/dev/api/.env', '/home/dev/api'), true);
    assert.equal(isInside('/home/dev/api/a/b/.env', '/home/dev/api/'), true);
    assert.equal(isInside('/home/dev/api-evil/.env', '/home/dev/api'), false);
    assert.equal(isInside('/home/dev/.env', '/home/dev/api'), false);
    assert.equal(isInside('/home/dev/api/..env', '/home/dev/api'), true);
  });

  it('names the file, where a link leads, the profile and the risk; never more than it knows', () => {
    const untrusted = dotenvConfirmationText(['untrusted'], plain, 'demo');
    assert.match(untrusted.message, /profile "demo".*a folder in Restricted Mode\?$/);
    assert.match(untrusted.detail, /You have not trusted the authors of this folder/);
    assert.match(untrusted.detail, /The token would be written to \/home\/dev\/api\/\.env\./);
    assert.match(untrusted.detail, /Anyone who can read that file can use the token .* until the token expires/);
    assert.match(untrusted.detail, /Cancel writes nothing/);
    assert.doesNotMatch(untrusted.detail, /symbolic link/);

    const outside = dotenvConfirmationText(['untrusted', 'linkOutside'], linkOutside, 'staging');
    assert.match(outside.message, /profile "staging"/);
    assert.match(outside.detail, /^\/home\/dev\/api\/\.env is a symbolic link: the token would be written to \/home\/dev\/\.config\/other\/\.env, outside the workspace folder\./);
    assert.match(outside.detail, /not trusted the authors/);

    // In Restricted Mode a link that stays inside is named too (where the token goes), without "outside".
    const inside = dotenvConfirmationText(['untrusted'], linkInside, 'demo');
    assert.match(inside.detail, /^\/home\/dev\/api\/\.env is a symbolic link: the token would be written to \/home\/dev\/api\/config\/dev\.env\.\n/);
    assert.doesNotMatch(inside.detail, /outside/);

    const trustedOutside = dotenvConfirmationText(['linkOutside'], { ...linkOutside, exists: false }, 'demo');
    assert.match(trustedOutside.message, /outside this workspace/);
    assert.doesNotMatch(`${trustedOutside.message}\n${trustedOutside.detail}`, /Restricted Mode|not trusted/);
    assert.match(trustedOutside.detail, /does not exist yet: it would be created/);

    assert.match(dotenvConfirmationText(['linkOutside'], folderLinkOutside, 'demo').detail, /reached through a symbolic link: the token would be written to \/srv\/shared\/\.env, outside/);
    const unresolved = dotenvConfirmationText(['linkUnresolved'], linkUnresolved, 'demo');
    assert.match(unresolved.message, /through a symbolic link/);
    assert.match(unresolved.detail, /could not be determined/);
  });

  it('asks before writing into a file git tracks, trusted or not, and says why', () => {
    assert.deepEqual(dotenvWriteDecision(true, tracked), { confirm: true, reasons: ['tracked'] });
    assert.deepEqual(dotenvWriteDecision(false, tracked), { confirm: true, reasons: ['untrusted', 'tracked'] });
    assert.deepEqual(dotenvWriteDecision(true, { ...linkOutside, tracked: true }), { confirm: true, reasons: ['linkOutside', 'tracked'] });
    const text = dotenvConfirmationText(['tracked'], tracked, 'demo');
    assert.match(text.message, /profile "demo" into a file git tracks\?$/);
    assert.match(text.detail, /Git tracks \/home\/dev\/api\/\.env: the next commit would include the token/);
    assert.match(text.detail, /Cancel writes nothing/);
    assert.doesNotMatch(dotenvConfirmationText(['untrusted'], plain, 'demo').detail, /Git tracks/);
    const linked = dotenvConfirmationText(['tracked'], { ...linkInside, tracked: true }, 'demo');
    assert.match(linked.detail, /Git tracks \/home\/dev\/api\/config\/dev\.env:/, 'the link\'s target is named');
    assert.match(pausedDotenvLens('demo', ['tracked']).title, /^\$\(shield\) Konexus · demo · \.env paused: tracked by git…$/);
    assert.match(pausedDotenvLens('demo', ['tracked']).tooltip, /git rm --cached/);
  });

  it('marks the lens that asks first, and the kept .env that new tokens do not reach', () => {
    assert.equal(unmanagedLens('dotenv', 'demo', { restricted: true }).title, '$(key) Konexus · demo · write token to .env…');
    assert.match(unmanagedLens('dotenv', 'demo', { restricted: true }).tooltip, /Restricted Mode/);
    const paused = pausedDotenvLens('demo', ['untrusted']);
    assert.equal(paused.title, '$(shield) Konexus · demo · .env paused in Restricted Mode…');
    assert.deepEqual(paused.action, { kind: 'insert', style: 'dotenv' });
    assert.match(pausedDotenvLens(undefined, ['linkOutside']).title, /^\$\(shield\) Konexus · \.env paused: symbolic link…$/);
  });
});

describe('httpFiles: where a .env write would land, against real links', () => {
  let root: string;
  let ws: string;
  let outside: string;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'kx-dotenv-')));
    ws = join(root, 'ws');
    outside = join(root, 'elsewhere');
    mkdirSync(join(ws, 'api', 'config'), { recursive: true });
    mkdirSync(outside, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a plain file and a missing one: no link, the path itself', async () => {
    const env = join(ws, 'api', '.env');
    assert.deepEqual(await locateDotenv(env, [ws]), { path: env, realPath: env, exists: false, workspaceFolders: [ws] });
    writeFileSync(env, 'A=1\n');
    const located = await locateDotenv(env, [ws]);
    assert.deepEqual(located, { path: env, realPath: env, exists: true, workspaceFolders: [ws] });
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: false });
    assert.deepEqual(dotenvWriteDecision(false, located), { confirm: true, reasons: ['untrusted'] });
  });

  it('a link inside the folder, relative: resolved there, no question when trusted', async () => {
    const env = join(ws, 'api', '.env');
    writeFileSync(join(ws, 'api', 'config', 'dev.env'), 'A=1\n');
    symlinkSync('config/dev.env', env);
    const located = await locateDotenv(env, [ws]);
    assert.equal(located.link, 'file');
    assert.equal(located.realPath, join(ws, 'api', 'config', 'dev.env'));
    assert.equal(located.exists, true);
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: false });
  });

  it('a link outside the folder, absolute or through ..: asks even when trusted', async () => {
    const target = join(outside, 'captured.env');
    writeFileSync(target, 'A=1\n');
    for (const link of [target, '../../elsewhere/captured.env']) {
      const env = join(ws, 'api', '.env');
      rmSync(env, { force: true });
      symlinkSync(link, env);
      const located = await locateDotenv(env, [ws]);
      assert.deepEqual({ link: located.link, realPath: located.realPath, exists: located.exists }, { link: 'file', realPath: target, exists: true }, link);
      assert.deepEqual(dotenvWriteDecision(true, located), { confirm: true, reasons: ['linkOutside'] }, link);
    }
  });

  it('a dangling link: where the write would create the file (the link\'s target, through a chain)', async () => {
    const env = join(ws, 'api', '.env');
    symlinkSync(join(ws, 'api', 'hop'), env);
    symlinkSync('../../elsewhere/new.env', join(ws, 'api', 'hop'));
    const located = await locateDotenv(env, [ws]);
    assert.deepEqual({ link: located.link, realPath: located.realPath, exists: located.exists }, { link: 'file', realPath: join(outside, 'new.env'), exists: false });
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: true, reasons: ['linkOutside'] });
    assert.match(dotenvConfirmationText(['linkOutside'], located, 'demo').detail, /does not exist yet/);
  });

  it('a folder on the path that is a link: the real file is named, outside asks', async () => {
    symlinkSync(outside, join(ws, 'shared'));
    const env = join(ws, 'shared', '.env');
    const located = await locateDotenv(env, [ws]);
    assert.deepEqual({ link: located.link, realPath: located.realPath, exists: located.exists }, { link: 'folder', realPath: join(outside, '.env'), exists: false });
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: true, reasons: ['linkOutside'] });
  });

  it('a workspace opened through a link still contains its own files', async () => {
    symlinkSync(ws, join(root, 'ws-link'));
    const env = join(root, 'ws-link', 'api', '.env');
    writeFileSync(join(ws, 'api', '.env'), 'A=1\n');
    const located = await locateDotenv(env, [join(root, 'ws-link')]);
    assert.deepEqual(located.workspaceFolders, [ws]);
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: false });
  });

  it('a link loop: unresolved, asks', async () => {
    const env = join(ws, 'api', '.env');
    symlinkSync(join(ws, 'api', 'loop'), env);
    symlinkSync(env, join(ws, 'api', 'loop'));
    const located = await locateDotenv(env, [ws]);
    assert.deepEqual({ link: located.link, realPath: located.realPath }, { link: 'file', realPath: undefined });
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: true, reasons: ['linkUnresolved'] });
  });

  it('a file git tracks, reached through a link: judged by the link\'s target, with real git', async () => {
    const git = new GitRunner({ trusted: () => true, workspaceFolders: () => [ws] });
    const tracks = (realPath: string) => isTrackedByGit(git, realPath);
    execFileSync('git', ['init', '-q'], { cwd: ws });
    writeFileSync(join(ws, 'api', 'config', 'dev.env'), 'A=1\n');
    execFileSync('git', ['add', 'api/config/dev.env'], { cwd: ws });
    const env = join(ws, 'api', '.env');
    // A plain .env git does not track: no question.
    writeFileSync(env, 'A=1\n');
    assert.deepEqual(dotenvWriteDecision(true, await locateDotenv(env, [ws], tracks)), { confirm: false });
    rmSync(env);
    symlinkSync('config/dev.env', env);
    // Git itself does not track the link's path: asked there, the answer would be "no".
    assert.equal(await isTrackedByGit(git, env), false);
    const located = await locateDotenv(env, [ws], tracks);
    assert.equal(located.tracked, true);
    assert.deepEqual(dotenvWriteDecision(true, located), { confirm: true, reasons: ['tracked'] });
    // Untrusted: git is not asked, so nothing is known about tracking; Restricted Mode asks anyway.
    const untrusted = new GitRunner({ trusted: () => false });
    const unknown = await locateDotenv(env, [ws], realPath => isTrackedByGit(untrusted, realPath));
    assert.equal(unknown.tracked, undefined);
    assert.deepEqual(dotenvWriteDecision(false, unknown), { confirm: true, reasons: ['untrusted'] });
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../../src/core/httpFile';
import { checkIgnored, needsIgnoreWarning } from '../../src/core/git/ignoreCheck';
import { GitRunner } from '../../src/core/git/gitRunner';
import { gitignoreAppendEdits, gitignoreDecision } from '../../src/core/git/gitignoreFile';
import { gitProblemText } from '../../src/platform/model/words/gitWords';

describe('httpFiles: .gitignore text', () => {
  it('finds the patterns that ignore .env in this folder', () => {
    for (const text of ['.env', '/.env', '**/.env', '.env*', '*.env', '.en?', 'node_modules\n.env  \n', '# secrets\r\n.env\r\n']) {
      assert.equal(gitignoreDecision(text), 'ignored', JSON.stringify(text));
    }
    for (const text of ['', '# .env', 'sub/.env', '.env/', '.envrc', 'env', '.env.local', '\\#.env']) {
      assert.equal(gitignoreDecision(text), undefined, JSON.stringify(text));
    }
  });

  it('lets the last matching line win, negation included', () => {
    assert.equal(gitignoreDecision('.env\n!.env\n'), 'included');
    assert.equal(gitignoreDecision('!.env\n.env*\n'), 'ignored');
  });

  it('appends .env byte-preservingly with the file\'s line ending, or not at all', () => {
    const cases: Array<[string, string]> = [
      ['', '.env\n'],
      ['node_modules\n', 'node_modules\n.env\n'],
      ['node_modules', 'node_modules\n.env\n'],
      ['# deps\r\nnode_modules', '# deps\r\nnode_modules\r\n.env\r\n'],
      ['.env\n!.env\n', '.env\n!.env\n.env\n'],
    ];
    for (const [before, after] of cases) assert.equal(applyEdits(before, gitignoreAppendEdits(before)), after, JSON.stringify(before));
    assert.deepEqual(gitignoreAppendEdits('dist\n.env\n'), []);
    assert.deepEqual(gitignoreAppendEdits('*.env'), []);
  });
});

describe('httpFiles: git check-ignore, against real repositories', function () {
  this.timeout(20_000);
  let root: string;
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kx-gitignore-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const trustedGit = new GitRunner({ trusted: () => true });

  function repo(): string {
    const dir = join(root, 'repo');
    mkdirSync(dir);
    git(dir, 'init', '-q');
    return dir;
  }

  it('ignored: a .gitignore lists .env', async () => {
    const dir = repo();
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    const check = await checkIgnored(trustedGit, join(dir, '.env'));
    assert.deepEqual(check, { status: 'ignored', coveredByGitignore: false });
    assert.equal(needsIgnoreWarning(check), false);
  });

  it('not ignored: nothing lists it (the file need not exist yet)', async () => {
    const dir = repo();
    const check = await checkIgnored(trustedGit, join(dir, '.env'));
    assert.equal(check.status, 'not_ignored');
    assert.equal(needsIgnoreWarning(check), true);
  });

  it('tracked: git already has it, so a .gitignore would not help', async () => {
    const dir = repo();
    writeFileSync(join(dir, '.env'), 'A=1\n');
    git(dir, 'add', '.env');
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    const check = await checkIgnored(trustedGit, join(dir, '.env'));
    assert.equal(check.status, 'tracked');
    assert.equal(needsIgnoreWarning(check), true);
  });

  it('no repository: the .gitignore files up to the workspace folder decide', async function () {
    // Only meaningful where the temporary folder is itself outside any repository.
    try {
      git(root, 'rev-parse', '--git-dir');
      this.skip();
    } catch {
      // not in a repository: go on
    }
    const sub = join(root, 'api');
    mkdirSync(sub);
    const bare = await checkIgnored(trustedGit, join(sub, '.env'), { stopAt: root });
    assert.deepEqual(bare, { status: 'no_repo', coveredByGitignore: false });
    assert.equal(needsIgnoreWarning(bare), true);
    writeFileSync(join(root, '.gitignore'), '.env\n');
    const covered = await checkIgnored(trustedGit, join(sub, '.env'), { stopAt: root });
    assert.deepEqual(covered, { status: 'no_repo', coveredByGitignore: true });
    assert.equal(needsIgnoreWarning(covered), false);
    // Without stopAt only the file's own folder counts; a deeper negation overrides the outer file.
    assert.equal((await checkIgnored(trustedGit, join(sub, '.env'))).coveredByGitignore, false);
    writeFileSync(join(sub, '.gitignore'), '!.env\n');
    assert.equal((await checkIgnored(trustedGit, join(sub, '.env'), { stopAt: root })).coveredByGitignore, false);
  });

  it('git missing: unknown, with the reason, and the .gitignore fallback', async () => {
    writeFileSync(join(root, '.gitignore'), '.env\n');
    const check = await checkIgnored(new GitRunner({ trusted: () => true, git: join(root, 'no-such-git') }), join(root, '.env'));
    assert.equal(check.status, 'unknown');
    assert.deepEqual(check.problem, { kind: 'missing', git: join(root, 'no-such-git') });
    assert.match(gitProblemText(check.problem!), /git was not found/);
    assert.equal(check.coveredByGitignore, true);
    assert.equal(needsIgnoreWarning(check), false);
  });

  it('git hanging: unknown after the time limit', async () => {
    const slow = join(root, 'slow-git');
    writeFileSync(slow, '#!/bin/sh\nsleep 5\n', { mode: 0o755 });
    const started = Date.now();
    const check = await checkIgnored(new GitRunner({ trusted: () => true, git: slow, timeoutMs: 200 }), join(root, '.env'));
    assert.equal(check.status, 'unknown');
    assert.deepEqual(check.problem, { kind: 'timed_out', timeoutMs: 200 });
    assert.match(gitProblemText(check.problem!), /did not answer within 200 ms/);
    assert.ok(Date.now() - started < 3_000);
  });
});

/**
 * The hardened git runner against real git and real repositories: a folder's own configuration must not make
 * the extension run a command (an embedded bare repository with `core.fsmonitor`), and an untrusted
 * workspace gets no git process at all. Each attack first runs plain git the way the extension used to (the
 * positive control: the marker appears), then the extension's check (the marker must not).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { checkIgnored, isTrackedByGit } from '../../src/core/git/ignoreCheck';
import { findGit, GitRunner, HARDENING_ARGS } from '../../src/core/git/gitRunner';
import { gitProblemText } from '../../src/platform/model/words/gitWords';
import { fsmonitorMarkerCommand, plainGit, plantEmbeddedBareRepository } from './lib/plantedRepository';

describe('git runner: a folder cannot make the extension run its commands', function () {
  this.timeout(20_000);
  let root: string;
  let marker: string;
  const setup = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  const trusted = () => new GitRunner({ trusted: () => true, workspaceFolders: () => [root] });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kx-gitrunner-'));
    marker = join(root, 'marker');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('an embedded bare repository with core.fsmonitor: plain git runs the command, the ignore check never does', async () => {
    const sub = plantEmbeddedBareRepository(join(root, 'sub'), marker);
    writeFileSync(join(sub, '.env'), 'KONEXUS_TOKEN=x\n');
    // Positive control: the old code path (`git check-ignore -q`, then `git ls-files`, in the file's folder).
    plainGit(sub, 'check-ignore', '-q', '--', '.env');
    plainGit(sub, 'ls-files', '--error-unmatch', '--', '.env');
    assert.ok(existsSync(marker), 'plain git in that folder ran the repository\'s fsmonitor command');
    rmSync(marker);

    writeFileSync(join(root, '.gitignore'), '.env\n');
    const check = await checkIgnored(trusted(), join(sub, '.env'), { stopAt: root });
    assert.equal(existsSync(marker), false, 'the extension\'s check ran the repository\'s command');
    // git refuses the bare repository (safe.bareRepository=explicit): the .gitignore files decide.
    assert.equal(check.status, 'unknown');
    assert.equal(check.problem?.kind, 'unexpected_exit');
    assert.match(gitProblemText(check.problem!), /bare repository/);
    assert.equal(check.coveredByGitignore, true);
    assert.equal(await isTrackedByGit(trusted(), join(sub, '.env')), undefined);
    assert.equal(existsSync(marker), false);
  });

  it('a repository whose own config sets core.fsmonitor (a downloaded folder with .git): the check still answers, the command never runs', async () => {
    const dir = join(root, 'repo');
    mkdirSync(dir);
    setup(dir, 'init', '-q');
    setup(dir, 'config', 'core.fsmonitor', fsmonitorMarkerCommand(marker));
    writeFileSync(join(dir, '.env'), 'KONEXUS_TOKEN=x\n');
    plainGit(dir, 'check-ignore', '-q', '--', '.env');
    assert.ok(existsSync(marker), 'positive control: plain git ran the command');
    rmSync(marker);

    const check = await checkIgnored(trusted(), join(dir, '.env'));
    assert.equal(check.status, 'not_ignored');
    setup(dir, '-c', 'core.fsmonitor=false', 'add', '.env');
    assert.equal((await checkIgnored(trusted(), join(dir, '.env'))).status, 'tracked');
    assert.equal(await isTrackedByGit(trusted(), join(dir, '.env')), true);
    assert.equal(existsSync(marker), false, 'the extension ran the repository\'s fsmonitor command');
  });

  describe('which git, and when', () => {
    /** A stand-in git that records every call (its folder and arguments) and says "not ignored". */
    function fakeGit(folder: string): { path: string; calls: () => string[] } {
      mkdirSync(folder, { recursive: true });
      const log = join(folder, 'calls.log');
      const path = join(folder, 'git');
      writeFileSync(path, `#!/bin/sh\nprintf '%s|%s|prompt=%s locks=%s\\n' "$PWD" "$*" "$GIT_TERMINAL_PROMPT" "$GIT_OPTIONAL_LOCKS" >> '${log}'\nexit 1\n`, { mode: 0o755 });
      return { path, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
    }

    it('untrusted: no git process at all, and the .gitignore files answer', async function () {
      if (process.platform === 'win32') this.skip();
      const git = fakeGit(join(root, 'bin'));
      writeFileSync(join(root, '.gitignore'), '.env\n');
      const untrusted = new GitRunner({ trusted: () => false, pathEnv: join(root, 'bin') });
      const check = await checkIgnored(untrusted, join(root, '.env'), { stopAt: root });
      assert.deepEqual(check, { status: 'untrusted', coveredByGitignore: true });
      assert.equal(await isTrackedByGit(untrusted, join(root, '.env')), undefined);
      assert.deepEqual(git.calls(), [], 'git was spawned in an untrusted workspace');
      // The same runner once trusted does call it: the stand-in is found and works.
      let trust = false;
      const later = new GitRunner({ trusted: () => trust, pathEnv: join(root, 'bin') });
      assert.equal((await later.run(['status'], root)).kind, 'untrusted');
      trust = true;
      assert.deepEqual(await later.run(['check-ignore', '-q', '--', '.env'], root), { kind: 'exited', code: 1, stderr: '' });
      assert.deepEqual(git.calls(), [`${root}|${[...HARDENING_ARGS, 'check-ignore', '-q', '--', '.env'].join(' ')}|prompt=0 locks=0`]);
    });

    it('found once on PATH, absolute: relative and empty entries and workspace folders are skipped', async function () {
      if (process.platform === 'win32') this.skip();
      const workspace = join(root, 'ws');
      const planted = fakeGit(join(workspace, 'bin'));
      const system = fakeGit(join(root, 'usr', 'bin'));
      const pathEnv = ['', '.', 'bin', join(workspace, 'bin'), join(root, 'usr', 'bin')].join(delimiter);
      const cwd = process.cwd();
      try {
        // Even run from inside the planted folder, its relative PATH entries name nothing.
        process.chdir(workspace);
        assert.equal(await findGit(pathEnv, [workspace]), system.path);
        assert.equal(await findGit(['', '.', 'bin', join(workspace, 'bin')].join(delimiter), [workspace]), undefined);
      } finally {
        process.chdir(cwd);
      }
      // Without the workspace exclusion the planted one would have won: the exclusion is what keeps it out.
      assert.equal(await findGit(pathEnv, []), planted.path);

      const runner = new GitRunner({ trusted: () => true, pathEnv, workspaceFolders: () => [workspace] });
      await runner.run(['status'], workspace);
      assert.equal(planted.calls().length, 0);
      assert.equal(system.calls().length, 1);
      assert.equal(await runner.gitPath(), system.path);

      // A git inside a workspace folder is refused even when named explicitly.
      const refused = await new GitRunner({ trusted: () => true, git: planted.path, workspaceFolders: () => [workspace] }).run(['status'], root);
      assert.equal(refused.kind, 'failed');
      assert.equal(planted.calls().length, 0);
    });
  });
});

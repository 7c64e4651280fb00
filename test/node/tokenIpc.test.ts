import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { helperCommand, startTokenIpcServer, type TokenIpcServer } from '../../src/terminal/model/tokenIpc';
import { KonexusError } from '../../src/core/errors';

const HELPER = resolve('media/konexus-token.mjs');

/** Runs the shipped helper (media/konexus-token.mjs) through KONEXUS_TOKEN_CMD's command line, as a terminal would. */
function runHelper(env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(done => {
    const clean = { ...process.env, KONEXUS_TOKEN_IPC: undefined, KONEXUS_TOKEN_IPC_NONCE: undefined, ...env };
    const [file, args] = process.platform === 'win32' ? [process.execPath, [HELPER]] : ['/bin/sh', ['-c', helperCommand(HELPER, process.execPath, false)]];
    execFile(file, args, { env: clean as NodeJS.ProcessEnv }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** One raw request line, answered by one line. */
function ask(path: string, line: string): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    let received = '';
    const socket = connect(path, () => socket.write(line));
    socket.setEncoding('utf8');
    socket.on('data', chunk => { received += chunk; });
    socket.on('end', () => resolveAnswer(received));
    socket.on('close', () => resolveAnswer(received));
    socket.on('error', reject);
  });
}

describe('token IPC (KONEXUS_TOKEN_CMD)', () => {
  let server: TokenIpcServer | undefined;
  let current = 'token-one';
  let answers = 0;
  const start = async (answer: () => Promise<string> = async () => { answers++; return current; }) => {
    server = await startTokenIpcServer({ answer });
    return server;
  };
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
    answers = 0;
    current = 'token-one';
  });

  it('the helper prints the current token, asked anew each time', async () => {
    const { path, nonce } = await start();
    const first = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: nonce });
    assert.deepEqual(first, { code: 0, stdout: 'token-one\n', stderr: '' });
    current = 'token-two';
    const second = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: nonce });
    assert.equal(second.stdout, 'token-two\n');
    assert.equal(answers, 2);
  });

  it('refuses a wrong or missing nonce without asking for a token', async () => {
    const { path, nonce } = await start();
    const otherWindows = `${nonce[0] === 'a' ? 'b' : 'a'}${nonce.slice(1)}`;
    const wrong = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: otherWindows });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /does not belong to the VS Code window/);
    assert.match(await ask(path, '{}\n'), /"error"/);
    assert.match(await ask(path, 'not json\n'), /"error"/);
    assert.equal(answers, 0, 'no token was asked for');
  });

  it('passes the extension\'s error to stderr with exit code 1', async () => {
    const { path, nonce } = await start(async () => { throw new Error('No Konexus profile yet.'); });
    const result = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: nonce });
    assert.deepEqual(result, { code: 1, stdout: '', stderr: 'konexus-token: No Konexus profile yet.\n' });
  });

  it('passes a KonexusError in words, not its code', async () => {
    const { path, nonce } = await start(async () => { throw new KonexusError('unknown_profile', { area: 'token', kind: 'noProfile' }); });
    const result = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: nonce });
    assert.deepEqual(result, { code: 1, stdout: '', stderr: 'konexus-token: No Konexus profile yet. Run "Konexus: Add Profile" first.\n' });
  });

  it('says what to do when started outside such a terminal', async () => {
    const result = await runHelper({});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /KONEXUS_TOKEN_IPC is not set: open a new terminal/);
  });

  it('closes an oversized request without an answer', async () => {
    const { path } = await start();
    assert.equal(await ask(path, 'x'.repeat(5000)), '');
    assert.equal(answers, 0);
  });

  if (process.platform !== 'win32') {
    it('listens in a private folder (0700) that dispose removes, and stops answering', async () => {
      const { path, nonce } = await start();
      assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
      await server!.dispose();
      assert.equal(existsSync(dirname(path)), false);
      const after = await runHelper({ KONEXUS_TOKEN_IPC: path, KONEXUS_TOKEN_IPC_NONCE: nonce });
      assert.equal(after.code, 1);
      assert.match(after.stderr, /no longer answers/);
    });
  }

  it('KONEXUS_TOKEN_CMD runs the host\'s Node (Electron as Node) with paths quoted for a POSIX shell', () => {
    assert.equal(helperCommand('/ext/media/konexus-token.mjs', '/usr/bin/node', false), `'/usr/bin/node' '/ext/media/konexus-token.mjs'`);
    assert.equal(helperCommand("/it's $HOME/t.mjs", '/Apps/Code Helper', true), `ELECTRON_RUN_AS_NODE=1 '/Apps/Code Helper' '/it'\\''s $HOME/t.mjs'`);
  });
});

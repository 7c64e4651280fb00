/**
 * The channel `KONEXUS_TOKEN_CMD` (media/konexus-token.mjs) asks the running extension for the current token
 * through, as VS Code's git askpass does: a Unix domain socket in a private temporary folder (mode 0700, so
 * only this user reaches it), or a named pipe with a random name on Windows, plus a random nonce. Both are
 * handed only to this window's terminals (their environment), so only they can ask. Pure Node, no `vscode`.
 *
 * Protocol: the client sends one JSON line `{"nonce": "…"}`; the server answers one JSON line
 * `{"token": "…"}` or `{"error": "…"}` and closes. A wrong nonce gets an error and no token.
 */
import * as l10n from '@vscode/l10n';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText } from '../../platform/model/words/errorWords';

export interface TokenIpcServer {
  /** The socket (or pipe) path: goes into the terminals' `KONEXUS_TOKEN_IPC`. */
  readonly path: string;
  /** The per-window secret every request must carry: goes into the terminals' `KONEXUS_TOKEN_IPC_NONCE`. */
  readonly nonce: string;
  /** Stops listening and removes the private folder. */
  dispose(): Promise<void>;
}

export interface TokenIpcOptions {
  /** The current token, or a rejection whose message (never a token) goes back to the terminal. */
  readonly answer: () => Promise<string>;
  /** Where the private folder is made (default os.tmpdir()). */
  readonly parentDir?: string;
  readonly log?: (message: string) => void;
}

/** A request larger than this is not a nonce: the connection is closed. */
const MAX_REQUEST_BYTES = 1024;
/** A client that sends nothing for this long is dropped. */
const IDLE_MS = 10_000;

export async function startTokenIpcServer(options: TokenIpcOptions): Promise<TokenIpcServer> {
  const nonce = randomBytes(32).toString('hex');
  let dir: string | undefined;
  let path: string;
  if (process.platform === 'win32') {
    path = `\\\\.\\pipe\\konexus-token-${randomBytes(16).toString('hex')}`;
  } else {
    dir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'konexus-'));
    await chmod(dir, 0o700); // mkdtemp makes it 0700 already; say so rather than rely on it
    path = join(dir, 'token.sock');
  }
  const server = createServer(socket => serve(socket, nonce, options));
  try {
    await listen(server, path);
  } catch (error) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  let disposed: Promise<void> | undefined;
  return {
    path,
    nonce,
    dispose: () => (disposed ??= (async () => {
      await new Promise<void>(resolve => server.close(() => resolve()));
      if (dir) await rm(dir, { recursive: true, force: true });
    })()),
  };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function serve(socket: Socket, nonce: string, options: TokenIpcOptions): void {
  let received = '';
  let answered = false;
  socket.setEncoding('utf8');
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  const reply = (body: { token: string } | { error: string }) => {
    answered = true;
    socket.end(`${JSON.stringify(body)}\n`);
  };
  socket.on('data', (chunk: string) => {
    if (answered) return;
    received += chunk;
    if (received.length > MAX_REQUEST_BYTES) {
      answered = true;
      socket.destroy();
      return;
    }
    const end = received.indexOf('\n');
    if (end < 0) return;
    if (!nonceMatches(parseNonce(received.slice(0, end)), nonce)) {
      options.log?.('[terminal] refused a token request without this window\'s nonce');
      reply({ error: l10n.t('This terminal does not belong to the VS Code window whose Konexus extension answers here. Open a new terminal in that window.') });
      return;
    }
    options.answer().then(
      token => reply({ token }),
      (error: unknown) => reply({ error: errorText(error) }),
    );
  });
}

function parseNonce(line: string): string | undefined {
  try {
    const value = (JSON.parse(line) as { nonce?: unknown })?.nonce;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Constant-time comparison, so the answer's timing does not tell how much of a guess was right. */
function nonceMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The shell command that runs the helper with the extension host's own Node: in VS Code desktop that is
 * Electron, which runs as Node only with ELECTRON_RUN_AS_NODE (as VS Code's git askpass does). POSIX shell
 * syntax (bash, zsh, sh, Git Bash); single quotes keep paths with spaces or `$` as they are.
 */
export function helperCommand(script: string, execPath = process.execPath, electron = Boolean(process.versions.electron)): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return `${electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${quote(execPath)} ${quote(script)}`;
}

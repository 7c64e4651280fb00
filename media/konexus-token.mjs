// KONEXUS_TOKEN_CMD: prints the current Konexus access token of the VS Code window this terminal belongs to,
// asked from the running extension (src/core/tokenIpc.ts), so a long-lived shell never uses a stale copy:
//   export KONEXUS_TOKEN="$(eval "$KONEXUS_TOKEN_CMD")"
// Prints the token and a newline on stdout, or what went wrong on stderr with exit code 1. No dependencies:
// run by the extension host's own Node (or Electron as Node).
import { connect } from 'node:net';

const path = process.env.KONEXUS_TOKEN_IPC;
const nonce = process.env.KONEXUS_TOKEN_IPC_NONCE;
const fail = message => {
  process.stderr.write(`konexus-token: ${message}\n`);
  process.exitCode = 1;
};

if (!path || !nonce) {
  fail('KONEXUS_TOKEN_IPC is not set: open a new terminal in a VS Code window where "konexus.terminal.injectToken" is on.');
} else {
  let received = '';
  // write, not end: a half-closed socket would close the server's side before it answers
  const socket = connect(path, () => socket.write(`${JSON.stringify({ nonce })}\n`));
  socket.setEncoding('utf8');
  socket.setTimeout(30_000, () => {
    socket.destroy();
    fail('the Konexus extension did not answer within 30 s.');
  });
  socket.on('data', chunk => { received += chunk; });
  socket.on('error', () => fail('the VS Code window that opened this terminal no longer answers (closed or reloaded): open a new terminal.'));
  socket.on('end', () => {
    let answer;
    try {
      answer = JSON.parse(received);
    } catch {
      fail('the Konexus extension sent an answer this helper does not understand.');
      return;
    }
    if (typeof answer?.token === 'string') process.stdout.write(`${answer.token}\n`);
    else fail(typeof answer?.error === 'string' ? answer.error : 'no token.');
  });
}

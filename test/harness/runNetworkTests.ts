/**
 * `npm run test:network`: the network suite (test/host/network) in a real VS Code extension host
 * set up the way a corporate user's is: code-server's user settings name a proxy (`http.proxy`, every
 * other `http.*` setting at its default) and test CAs are trusted the two ways users configure: in the
 * system store, and in NODE_EXTRA_CA_CERTS. Three identity servers speak https under names only the proxy
 * resolves (*.konexus.test → 127.0.0.1), so a token that arrives came through the proxy; each has a
 * certificate from its own CA: trusted in the system store, in NODE_EXTRA_CA_CERTS only, and nowhere.
 * The CAs are made per run with the openssl CLI. Prints each test, then `N passed, N failed`; exits non-zero on a failure, a crash or a
 * timeout.
 *
 *   KONEXUS_TEST_GREP=<regexp>        run a subset
 *   KONEXUS_HOST_TEST_TIMEOUT_S=120   limit for the tests once the workbench is loading
 *   KONEXUS_VERBOSE=1                 also print the browser console and filtered host noise
 */
import { join } from 'node:path';
import { DEMO_CLIENT, startKonexusIdp } from '../idp/konexusIdp';
import { TEST_ENV } from '../host/lib/env';
import { prepareHostRun } from './lib/hostRun';
import { runMain } from './lib/lifecycle';
import { createLog } from './lib/log';
import { startRecordingProxy } from './lib/recordingProxy';
import { extensionPath, networkEntry } from './lib/repo';
import { createTestCa, issueServerCertificate, type TestCa } from './lib/testCa';
import { controlHandlers, startControlServer } from './lib/testServers';
import { runHostSuite } from './lib/workbenchTestRun';

const log = createLog('network');
const verbose = Boolean(process.env.KONEXUS_VERBOSE);
const testLimitMs = Number(process.env.KONEXUS_HOST_TEST_TIMEOUT_S || 120) * 1000;
const wholeRunLimitMs = 25 * 60 * 1000;
/** Names under the reserved .test TLD: no resolver on any machine answers for them, only the test proxy. */
const SYSTEM_HOST = 'auth.konexus.test';
const EXTRA_HOST = 'extra.konexus.test';
const UNTRUSTED_HOST = 'untrusted.konexus.test';

runMain(log, async ({ teardown, signal }) => {
  const { started, tools, run } = await prepareHostRun('network', networkEntry, log, teardown, signal);

  // One CA per way of trusting it: the system store, NODE_EXTRA_CA_CERTS, and nowhere.
  const systemCa = createTestCa(run.dir, 'system-store-test-ca');
  const extraCa = createTestCa(run.dir, 'node-extra-test-ca');
  const strangerCa = createTestCa(run.dir, 'untrusted-test-ca');
  const httpsIdp = async (ca: TestCa, hostname: string, what: string) => {
    const idp = await startKonexusIdp({ tls: { ...issueServerCertificate(ca, run.dir, hostname), hostname } });
    teardown.add(`Konexus IdP (${what})`, () => idp.close());
    return idp;
  };
  const idp = await httpsIdp(systemCa, SYSTEM_HOST, 'system store CA');
  const extra = await httpsIdp(extraCa, EXTRA_HOST, 'NODE_EXTRA_CA_CERTS CA');
  const untrusted = await httpsIdp(strangerCa, UNTRUSTED_HOST, 'untrusted CA');
  const control = await startControlServer(controlHandlers(idp, [DEMO_CLIENT]));
  teardown.add('IdP control API', () => control.close());
  const proxy = await startRecordingProxy(Object.fromEntries([SYSTEM_HOST, EXTRA_HOST, UNTRUSTED_HOST].map(host => [host, '127.0.0.1'])));
  teardown.add('recording proxy', () => proxy.close());
  log(`identity servers ${idp.issuer}, ${extra.issuer}, ${untrusted.issuer}; proxy ${proxy.url}`);

  const workspace = run.copyWorkspace('konexus-demo');
  const resultsFile = join(run.dir, 'results.json');
  const grep = process.env[TEST_ENV.grep];
  return runHostSuite({
    suite: 'network',
    tools, run, teardown, workspace, log, signal, resultsFile, testLimitMs, verbose, started,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: networkEntry,
    settings: { 'http.proxy': proxy.url },
    env: {
      // On Linux the system store is OpenSSL's default file and folder: SSL_CERT_FILE adds the file, as
      // installing a CA with update-ca-certificates would (VS Code reads the store through Node's
      // tls.getCACertificates('system') while http.systemCertificatesNode is at its default, true).
      SSL_CERT_FILE: systemCa.certFile,
      NODE_EXTRA_CA_CERTS: extraCa.certFile,
      [TEST_ENV.results]: resultsFile,
      [TEST_ENV.netIssuer]: idp.issuer,
      [TEST_ENV.netControl]: control.url,
      [TEST_ENV.netExtraIssuer]: extra.issuer,
      [TEST_ENV.netUntrustedIssuer]: untrusted.issuer,
      [TEST_ENV.netProxy]: proxy.url,
      [TEST_ENV.netSystemCa]: systemCa.certFile,
      [TEST_ENV.netExtraCa]: extraCa.certFile,
      [TEST_ENV.idpClientId]: DEMO_CLIENT.clientId,
      [TEST_ENV.idpClientSecret]: DEMO_CLIENT.clientSecret,
      ...(grep ? { [TEST_ENV.grep]: grep } : {}),
    },
  });
}, { timeoutMs: wholeRunLimitMs, crashLine: '0 passed, 1 failed' });

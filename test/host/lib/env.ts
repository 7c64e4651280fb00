/**
 * What the host-test harness (test/harness/runHostTests.ts, runElectronTests.ts) hands the suites running in
 * the extension host, through the environment the extension host inherits. This file is the one list of
 * those names: the harness builds the environment from `TEST_ENV`, the suites read it with `testEnv()`.
 * It imports nothing from `vscode`, so the harness (plain Node) can import it too.
 *
 *   KONEXUS_TEST_RESULTS               where test/host/index.ts writes its JSON result file
 *   KONEXUS_TEST_GREP                  optional: run only the tests whose full title matches (a RegExp)
 *   KONEXUS_TEST_IDP_ISSUER            the local Konexus identity server (test/idp/konexusIdp.ts), e.g. http://127.0.0.1:40123
 *   KONEXUS_TEST_IDP_TOKEN_ENDPOINT    its token endpoint
 *   KONEXUS_TEST_IDP_JWKS_URI          its JWKS
 *   KONEXUS_TEST_IDP_CLIENT_ID         a registered client (DEMO_CLIENT)
 *   KONEXUS_TEST_IDP_CLIENT_SECRET
 *   KONEXUS_TEST_IDP_CONTROL           the harness's control API over that server (faults, key rotation,
 *                                      recorded requests…): use `idpControl()` from ./idpControl
 *   KONEXUS_TEST_PEER_ISSUER           the independent oidc-provider peer (test/idp/oidcProviderPeer.ts)
 *   KONEXUS_TEST_PEER_BASIC_CLIENT_ID / _SECRET   its client_secret_basic client
 *   KONEXUS_TEST_PEER_POST_CLIENT_ID / _SECRET    its client_secret_post client
 *
 * The network suite (test/harness/runNetworkTests.ts, test/host/network) gets instead, besides the
 * results file, the grep and the client id and secret above (read with `networkTestEnv()`), https
 * identity servers that only the recording proxy resolves, each with a certificate from its own test CA:
 *   KONEXUS_TEST_NET_ISSUER            e.g. https://auth.konexus.test:40123: its CA is in the system store
 *                                      (the file SSL_CERT_FILE names, which OpenSSL and so Node read as such)
 *   KONEXUS_TEST_NET_CONTROL           the control API over that server (as KONEXUS_TEST_IDP_CONTROL)
 *   KONEXUS_TEST_NET_EXTRA_ISSUER      its CA is only in NODE_EXTRA_CA_CERTS
 *   KONEXUS_TEST_NET_UNTRUSTED_ISSUER  its CA is trusted nowhere
 *   KONEXUS_TEST_NET_PROXY             the recording proxy that `http.proxy` names (GET /log, POST /clear)
 *   KONEXUS_TEST_NET_SYSTEM_CA / _EXTRA_CA   the PEM files of the first two CAs
 */
export const TEST_ENV = {
  results: 'KONEXUS_TEST_RESULTS',
  grep: 'KONEXUS_TEST_GREP',
  idpIssuer: 'KONEXUS_TEST_IDP_ISSUER',
  idpTokenEndpoint: 'KONEXUS_TEST_IDP_TOKEN_ENDPOINT',
  idpJwksUri: 'KONEXUS_TEST_IDP_JWKS_URI',
  idpClientId: 'KONEXUS_TEST_IDP_CLIENT_ID',
  idpClientSecret: 'KONEXUS_TEST_IDP_CLIENT_SECRET',
  idpControl: 'KONEXUS_TEST_IDP_CONTROL',
  peerIssuer: 'KONEXUS_TEST_PEER_ISSUER',
  peerBasicClientId: 'KONEXUS_TEST_PEER_BASIC_CLIENT_ID',
  peerBasicClientSecret: 'KONEXUS_TEST_PEER_BASIC_CLIENT_SECRET',
  peerPostClientId: 'KONEXUS_TEST_PEER_POST_CLIENT_ID',
  peerPostClientSecret: 'KONEXUS_TEST_PEER_POST_CLIENT_SECRET',
  netIssuer: 'KONEXUS_TEST_NET_ISSUER',
  netControl: 'KONEXUS_TEST_NET_CONTROL',
  netExtraIssuer: 'KONEXUS_TEST_NET_EXTRA_ISSUER',
  netUntrustedIssuer: 'KONEXUS_TEST_NET_UNTRUSTED_ISSUER',
  netProxy: 'KONEXUS_TEST_NET_PROXY',
  netSystemCa: 'KONEXUS_TEST_NET_SYSTEM_CA',
  netExtraCa: 'KONEXUS_TEST_NET_EXTRA_CA',
} as const;

export type TestEnvName = (typeof TEST_ENV)[keyof typeof TEST_ENV];

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TestEnv {
  /** Absent when the suites run outside the harness (then no result file is written). */
  readonly resultsFile: string | undefined;
  readonly grep: string | undefined;
  readonly idp: {
    readonly issuer: string;
    readonly tokenEndpoint: string;
    readonly jwksUri: string;
    readonly client: ClientCredentials;
    readonly controlUrl: string;
  };
  readonly peer: {
    readonly issuer: string;
    readonly basic: ClientCredentials;
    readonly post: ClientCredentials;
  };
}

function requiredFrom(source: Record<string, string | undefined>, runner: string): (name: TestEnvName) => string {
  return name => {
    const value = source[name];
    if (!value) throw new Error(`${name} is not set: run the suites through \`${runner}\``);
    return value;
  };
}

/** The environment's test settings; throws naming the first missing variable (the harness sets them all). */
export function testEnv(source: Record<string, string | undefined> = process.env): TestEnv {
  const required = requiredFrom(source, 'npm run test:host');
  return {
    resultsFile: source[TEST_ENV.results] || undefined,
    grep: source[TEST_ENV.grep] || undefined,
    idp: {
      issuer: required(TEST_ENV.idpIssuer),
      tokenEndpoint: required(TEST_ENV.idpTokenEndpoint),
      jwksUri: required(TEST_ENV.idpJwksUri),
      client: { clientId: required(TEST_ENV.idpClientId), clientSecret: required(TEST_ENV.idpClientSecret) },
      controlUrl: required(TEST_ENV.idpControl),
    },
    peer: {
      issuer: required(TEST_ENV.peerIssuer),
      basic: { clientId: required(TEST_ENV.peerBasicClientId), clientSecret: required(TEST_ENV.peerBasicClientSecret) },
      post: { clientId: required(TEST_ENV.peerPostClientId), clientSecret: required(TEST_ENV.peerPostClientSecret) },
    },
  };
}

export interface NetworkTestEnv {
  readonly resultsFile: string | undefined;
  readonly issuer: string;
  readonly controlUrl: string;
  readonly extraIssuer: string;
  readonly untrustedIssuer: string;
  readonly proxyUrl: string;
  readonly systemCaFile: string;
  readonly extraCaFile: string;
  readonly client: ClientCredentials;
}

/** The network suite's settings (see above); throws naming the first missing variable. */
export function networkTestEnv(source: Record<string, string | undefined> = process.env): NetworkTestEnv {
  const required = requiredFrom(source, 'npm run test:network');
  return {
    resultsFile: source[TEST_ENV.results] || undefined,
    issuer: required(TEST_ENV.netIssuer),
    controlUrl: required(TEST_ENV.netControl),
    extraIssuer: required(TEST_ENV.netExtraIssuer),
    untrustedIssuer: required(TEST_ENV.netUntrustedIssuer),
    proxyUrl: required(TEST_ENV.netProxy),
    systemCaFile: required(TEST_ENV.netSystemCa),
    extraCaFile: required(TEST_ENV.netExtraCa),
    client: { clientId: required(TEST_ENV.idpClientId), clientSecret: required(TEST_ENV.idpClientSecret) },
  };
}

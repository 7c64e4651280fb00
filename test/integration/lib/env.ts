/**
 * What the host-test harness (test/host/runHostTests.ts, runElectronTests.ts) hands the suites running in
 * the extension host, through the environment the extension host inherits. This file is the one list of
 * those names: the harness builds the environment from `TEST_ENV`, the suites read it with `testEnv()`.
 * It imports nothing from `vscode`, so the harness (plain Node) can import it too.
 *
 *   KONEXUS_TEST_RESULTS               where test/integration/index.ts writes its JSON result file
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

/** The environment's test settings; throws naming the first missing variable (the harness sets them all). */
export function testEnv(source: Record<string, string | undefined> = process.env): TestEnv {
  const required = (name: TestEnvName): string => {
    const value = source[name];
    if (!value) throw new Error(`${name} is not set: run the suites through \`npm run test:host\``);
    return value;
  };
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

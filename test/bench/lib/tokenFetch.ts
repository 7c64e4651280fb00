/**
 * Row 1, token fetch: the core's requestToken (warm DiscoveryCache) against a bare fetch POST of the same
 * form to the same local identity server, interleaved round by round. Diagnostic variants in the same
 * rounds split any overhead: oauth4webapi alone, oauth4webapi inside exchange(), and a bare fetch with only
 * a signal, the timeout signals exchange() used before (AbortSignal.timeout + any) or the body re-wrap it
 * did before (text() into a second Response) added.
 * Then the per-call cost of each step, alone and without the network.
 */
import * as oauth from 'oauth4webapi';
import { systemClock } from '../../../src/core/clock';
import { DiscoveryCache } from '../../../src/core/http/discovery';
import { exchange, type HttpDeps } from '../../../src/core/http/httpExchange';
import { requestToken, type ClientCredentials } from '../../../src/core/tokens/tokenClient';
import { DEMO_CLIENT, TOKEN_PATH, startKonexusIdp } from '../../idp/konexusIdp';
import { formatMs, formatRatio, formatSpread, type Detail, type Outcome, type Row, type Section } from './report';
import { alternate, pairedRatios, summarize, type Variant } from './stats';

const ROUNDS = 300;
const WARMUP_ROUNDS = 30;
/** Requests per sample: a sample of one request is too noisy on this machine to compare 5% effects. */
const BATCH = 4;
const TARGET = 1.1;

export async function benchTokenFetch(): Promise<Section> {
  const idp = await startKonexusIdp();
  try {
    const http: HttpDeps = { fetch: (input, init) => fetch(input, init), clock: systemClock, timeoutMs: 15_000 };
    const discovery = new DiscoveryCache(http);
    const credentials: ClientCredentials = { authority: idp.issuer, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret };
    const deps = { ...http, discovery };
    await requestToken(credentials, deps); // warms the DiscoveryCache
    // The bare variant replays exactly what requestToken sent: same form, same content type and accept.
    const sent = idp.requests.findLast(r => r.path === TOKEN_PATH)!;
    const bareInit: RequestInit = {
      method: 'POST',
      headers: { 'content-type': String(sent.headers['content-type']), accept: 'application/json' },
      body: sent.body,
    };
    const { server } = await discovery.get(idp.issuer);
    const client: oauth.Client = { client_id: DEMO_CLIENT.clientId };
    const clientAuth = oauth.ClientSecretPost(DEMO_CLIENT.clientSecret);
    const grant = { grant_type: 'client_credentials', scope: 'tamarack' };
    const grantRequest = (customFetch?: typeof fetch) => oauth.clientCredentialsGrantRequest(server, client, clientAuth, grant,
      { [oauth.allowInsecureRequests]: true, ...(customFetch && { [oauth.customFetch]: customFetch }) });
    const url = new URL(idp.tokenEndpoint);
    const viaExchange: Variant = async () => {
      const read = await exchange(grantRequest, 'token', url, http, new AbortController().signal);
      return oauth.processClientCredentialsResponse(server, client, read.response);
    };

    const samples = await alternate({
      bare: async () => (await fetch(idp.tokenEndpoint, bareInit)).json(),
      // As TokenManager calls it: with the signal that aborts on reset/dispose.
      core: () => requestToken(credentials, deps, new AbortController().signal),
      oauthOnly: async () => oauth.processClientCredentialsResponse(server, client, await grantRequest()),
      oauthInExchange: viaExchange,
      bareWithPlainSignal: async () => (await fetch(idp.tokenEndpoint, { ...bareInit, signal: new AbortController().signal })).json(),
      bareWithSignals: async () => (await fetch(idp.tokenEndpoint, { ...bareInit, signal: AbortSignal.any([AbortSignal.timeout(15_000), new AbortController().signal]) })).json(),
      bareWithRewrap: async () => {
        const raw = await fetch(idp.tokenEndpoint, bareInit);
        const text = await raw.text();
        return new Response(text, { status: raw.status, statusText: raw.statusText, headers: raw.headers }).json();
      },
    }, { rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, batch: BATCH });

    const bare = summarize(samples.bare);
    const rowOf = (id: string, what: string, values: number[], target = 'info', outcome: Outcome = 'info'): Row => {
      const summary = summarize(values);
      const ratio = summarize(pairedRatios(values, samples.bare));
      return {
        id, what, value: formatMs(summary.median), spread: formatSpread(summary), baseline: formatMs(bare.median),
        ratio: formatRatio(ratio.median), target, outcome, data: { samples: summary, baseline: bare, pairedRatio: ratio },
      };
    };
    const coreRatio = summarize(pairedRatios(samples.core, samples.bare)).median;
    return {
      rows: [
        rowOf('1', `Token fetch: requestToken (warm discovery) vs bare fetch POST, ${ROUNDS} rounds of ${BATCH}`, samples.core, `≤ ${formatRatio(TARGET)}`, coreRatio <= TARGET ? 'pass' : 'miss'),
        rowOf('1b', '  why: oauth4webapi request + process steps alone', samples.oauthOnly),
        rowOf('1c', '  why: the same inside exchange() (one linked timeout signal, body read once)', samples.oauthInExchange),
        rowOf('1e', '  was: bare fetch + AbortSignal.any([timeout(15 s), caller]) (the previous exchange())', samples.bareWithSignals),
        rowOf('1f', '  why: bare fetch + a plain AbortController signal', samples.bareWithPlainSignal),
        rowOf('1g', '  was: bare fetch + text() re-wrapped in new Response, then json() (the previous exchange())', samples.bareWithRewrap),
      ],
      details: [await stepCosts(idp.tokenEndpoint, idp.issuer, http, discovery)],
    };
  } finally {
    await idp.close();
  }
}

/** What exchange() and requestToken add per call, each alone and without the network (canned responses). */
async function stepCosts(tokenEndpoint: string, authority: string, http: HttpDeps, warmDiscovery: DiscoveryCache): Promise<Detail> {
  const body = JSON.stringify({ access_token: 'x'.repeat(900), expires_in: 3600, token_type: 'Bearer', scope: 'tamarack' });
  const headers = { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store, no-cache, max-age=0', pragma: 'no-cache' };
  const as: oauth.AuthorizationServer = { issuer: 'http://127.0.0.1', token_endpoint: tokenEndpoint };
  const client: oauth.Client = { client_id: DEMO_CLIENT.clientId };
  const caller = new AbortController().signal;
  const canned = () => new Response(body, { status: 200, headers });
  const cannedHttp: HttpDeps = { ...http, fetch: async () => canned() };
  const url = new URL(tokenEndpoint);
  const steps: Record<string, Variant> = {
    'new Response(canned 1 KB body): the fake network of the rows below': canned,
    'bare: response.json()': () => canned().json(),
    're-wrap: text(), new Response(text, {status, headers}), json()': async () => {
      const raw = canned();
      const text = await raw.text();
      return new Response(text, { status: raw.status, statusText: raw.statusText, headers: raw.headers }).json();
    },
    'AbortSignal.timeout(15 s)': () => AbortSignal.timeout(15_000),
    'AbortSignal.timeout(15 s) + AbortSignal.any([timeout, caller]) (exchange before)': () => AbortSignal.any([AbortSignal.timeout(15_000), caller]),
    'AbortController + setTimeout + caller listener, released (exchange now)': () => linkedTimeout(caller),
    'exchange() around a canned fetch + oauth4webapi process step': async () =>
      oauth.processClientCredentialsResponse(as, client, (await exchange(f => f(url), 'token', url, cannedHttp, caller)).response),
    'oauth4webapi processClientCredentialsResponse(canned)': () => oauth.processClientCredentialsResponse(as, client, canned()),
    'DiscoveryCache.get (warm)': () => warmDiscovery.get(authority),
  };
  const times = await alternate(steps, { rounds: 15, warmupRounds: 2, batch: 2_000 });
  return {
    title: 'Row 1: cost of each step per call, without the network (median of 15 interleaved batches of 2,000)',
    lines: ['| Step | Per call |', '|---|---|', ...Object.keys(steps).map(step => `| ${step} | ${formatMs(summarize(times[step]!).median)} |`)],
  };
}

/** The timeout exchange() sets up now (AbortController, timer, caller listener), set up and released, alone. */
function linkedTimeout(caller: AbortSignal): void {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), 15_000);
  timer.unref();
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onAbort, { once: true });
  clearTimeout(timer);
  caller.removeEventListener('abort', onAbort);
}

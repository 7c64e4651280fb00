/**
 * Row 3, verify: verifyJwt with its cached key set (JwksCache) against bare jose.jwtVerify on the same
 * token with the same remote key set object, warmed, interleaved in batches. Then 10,000 verifications on
 * a cold cache (100 waves of 100 concurrent) must cost one JWKS request, counted on the server.
 */
import { compactVerify, jwtVerify } from 'jose';
import { decodeJwt } from '../../../src/core/jwt/decode';
import { JwksCache } from '../../../src/core/jwt/jwks';
import { ASYMMETRIC_ALGORITHMS, verifyJwt, type Expectations } from '../../../src/core/jwt/verify';
import { DEMO_CLIENT, JWKS_PATH, startKonexusIdp, type KonexusIdp } from '../../idp/konexusIdp';
import { checkReason } from '../../../src/platform/model/words/checkWords';
import { keySetProblemText } from '../../../src/platform/model/words/keyWords';
import { formatRelative, formatUtc } from '../../../src/platform/model/words/timeWords';
import { formatMs, formatRatio, formatSpread, type Detail, type Row, type Section } from './report';
import { alternate, pairedRatios, summarize, type Variant } from './stats';

const ROUNDS = 200;
const WARMUP_ROUNDS = 20;
const BATCH = 50;
const TARGET = 0.9;
const COUNTED_VERIFICATIONS = 10_000;
const WAVE = 100;

export async function benchVerify(): Promise<Section> {
  const idp = await startKonexusIdp();
  try {
    const token = await idp.issueToken(DEMO_CLIENT.clientId);
    const expected: Expectations = { issuer: idp.issuer, audience: 'tamarack' };
    const keys = { kind: 'jwks', jwksUri: idp.jwksUri } as const;
    const jwks = new JwksCache();
    const lookup = jwks.keySetFor(idp.jwksUri);
    if (!lookup.ok) throw new Error(keySetProblemText(lookup.why));
    const ours = async () => {
      const report = await verifyJwt(token, keys, expected, { jwks, nowMs: Date.now() });
      if (!report.valid) throw new Error(`verifyJwt refused the token: ${JSON.stringify(report.checks)}`);
    };
    // The same checks verifyJwt makes, the jose way, with the very key set object verifyJwt uses.
    const bare = () => jwtVerify(token, lookup.keySet, { issuer: idp.issuer, audience: 'tamarack', typ: 'at+jwt', algorithms: [...ASYMMETRIC_ALGORITHMS], clockTolerance: 60 });

    const samples = await alternate({
      ours,
      bare,
      // Diagnosis: jose's signature step alone, our checks without the signature, our decoding alone.
      signatureOnly: () => compactVerify(token, lookup.keySet, { algorithms: [...ASYMMETRIC_ALGORITHMS] }),
      // What the Token Inspector pays: the same, then every reason made (checkReason, where a check is shown).
      oursReadingReasons: async () => {
        const report = await verifyJwt(token, keys, expected, { jwks, nowMs: Date.now() });
        let length = 0;
        for (const c of report.checks) length += checkReason(c).length;
        if (length === 0) throw new Error('no reasons');
      },
      oursWithoutSignature: () => verifyJwt(token, { kind: 'none' }, expected, { jwks, nowMs: Date.now() }),
      decodeOnly: () => decodeJwt(token),
    }, { rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS, batch: BATCH });
    const oursTime = summarize(samples.ours);
    const bareTime = summarize(samples.bare);
    // Throughput ratio per round: bare time / our time (1.0 = as fast as jose alone).
    const throughput = summarize(pairedRatios(samples.bare, samples.ours));
    const perSecond = (ms: number) => `${Math.round(1000 / ms).toLocaleString('en-US')}/s`;
    const rows: Row[] = [
      {
        id: '3', what: `Verify: verifyJwt (cached JwksCache) throughput vs bare jose.jwtVerify, same token and key set, ${ROUNDS}×${BATCH}`,
        value: `${perSecond(oursTime.median)} (${formatMs(oursTime.median)})`, spread: formatSpread(oursTime), baseline: `${perSecond(bareTime.median)} (${formatMs(bareTime.median)})`,
        ratio: formatRatio(throughput.median), target: `≥ ${formatRatio(TARGET)} bare throughput`, outcome: throughput.median >= TARGET ? 'pass' : 'miss',
        data: { ours: oursTime, bare: bareTime, throughputRatio: throughput, decodeOnly: summarize(samples.decodeOnly) },
      },
      throughputRow('3f', '  the same, then all seven reasons made (what the Token Inspector shows; checkReason, where a check is shown)', samples.oursReadingReasons, samples.bare),
      diagnosis('3c', '  why: jose compactVerify alone (the signature), same key set', samples.signatureOnly, samples.ours),
      diagnosis('3d', '  why: verifyJwt without a key (decode + 6 claim checks, reasons as values)', samples.oursWithoutSignature, samples.ours),
      diagnosis('3e', '  why: decodeJwt alone', samples.decodeOnly, samples.ours),
      await countJwksRequests(idp, token, expected),
    ];
    return { rows, details: [await stepCosts(jwks, idp.jwksUri)] };
  } finally {
    await idp.close();
  }
}

/** Per-call cost of what verifyJwt does around jose's signature check, alone (interleaved batches). */
async function stepCosts(jwks: JwksCache, jwksUri: string): Promise<Detail> {
  const lookup = jwks.keySetFor(jwksUri);
  if (!lookup.ok) throw new Error(keySetProblemText(lookup.why));
  const { keySet } = lookup;
  const steps: Record<string, Variant> = {
    'jwks.keySetFor(uri) (URL parse + loopback check + map lookup)': () => jwks.keySetFor(jwksUri),
    'keySet.jwks() !== undefined (verify.ts "hadKeys": jose structuredClones the key set)': () => keySet.jwks() !== undefined,
    'keySet.fresh (jose getter, no copy: the proposed replacement)': () => keySet.fresh,
    'keySet.coolingDown (jose getter)': () => keySet.coolingDown,
    'formatUtc(new Date(exp)) + formatRelative (one check reason)': () => `${formatRelative(3_600_000)} (exp ${formatUtc(new Date(1_800_000_000_000))})`,
  };
  const times = await alternate(steps, { rounds: 15, warmupRounds: 2, batch: 5_000 });
  return {
    title: `Row 3: cost per call of the steps verifyJwt adds, alone (median of 15 interleaved batches of 5,000; key set of ${keySet.jwks()?.keys.length ?? 0} key)`,
    lines: ['| Step | Per call |', '|---|---|', ...Object.keys(steps).map(step => `| ${step} | ${formatMs(summarize(times[step]!).median)} |`)],
  };
}

/** A diagnostic row: per-verification time of a part, and its share of our full verification. */
/** An info row in row 3's terms: throughput as a share of bare jose.jwtVerify's. */
function throughputRow(id: string, what: string, values: number[], bare: number[]): Row {
  const summary = summarize(values);
  return {
    id, what, value: formatMs(summary.median), spread: formatSpread(summary), baseline: formatMs(summarize(bare).median),
    ratio: formatRatio(summarize(pairedRatios(bare, values)).median), target: 'info (bare throughput)', outcome: 'info', data: summary,
  };
}

function diagnosis(id: string, what: string, values: number[], ours: number[]): Row {
  const summary = summarize(values);
  return {
    id, what, value: formatMs(summary.median), spread: formatSpread(summary), baseline: formatMs(summarize(ours).median),
    ratio: formatRatio(summarize(pairedRatios(values, ours)).median), target: 'share of verifyJwt', outcome: 'info', data: summary,
  };
}

async function countJwksRequests(idp: KonexusIdp, token: string, expected: Expectations): Promise<Row> {
  const jwksRequests = () => idp.requests.filter(r => r.path === JWKS_PATH).length;
  const before = jwksRequests();
  const jwks = new JwksCache();
  let valid = 0;
  for (let wave = 0; wave < COUNTED_VERIFICATIONS / WAVE; wave++) {
    const reports = await Promise.all(Array.from({ length: WAVE }, () =>
      verifyJwt(token, { kind: 'jwks', jwksUri: idp.jwksUri }, expected, { jwks, nowMs: Date.now() })));
    valid += reports.filter(r => r.valid).length;
  }
  const requests = jwksRequests() - before;
  return {
    id: '3b', what: `  ${COUNTED_VERIFICATIONS.toLocaleString('en-US')} verifyJwt on a cold JwksCache (waves of ${WAVE} concurrent): JWKS requests at the server`,
    value: `${requests} request${requests === 1 ? '' : 's'} (${valid.toLocaleString('en-US')} valid)`, spread: '—', baseline: '—', ratio: '—',
    target: '1 request', outcome: requests === 1 && valid === COUNTED_VERIFICATIONS ? 'pass' : 'miss', data: { requests, valid },
  };
}

/**
 * Row 5, .http insert: authorizationHeaderEdits(text, {scope: all}) over a 1,000-request file gives one
 * edit list; its time against a 100-request file of the same mix must grow linearly (≈ 10×). The mix:
 * a third of the requests already carry an Authorization header with another value, one in thirty of
 * them twice, the rest none; bodies, comments, query continuation lines and variables as in real files.
 * Because 100 requests fit in the CPU caches and 1,000 do not, the same step one size up (10,000 vs 1,000)
 * and the cost per request over sizes tell a constant-factor step from an algorithm that is not linear.
 */
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { authorizationHeaderEdits } from '../../../src/core/httpFile/edits';
import { formatMs, formatRatio, formatSpread, type Detail, type Row, type Section } from './report';
import { alternate, pairedRatios, summarize } from './stats';

const TARGET = 12;
const VALUE = 'Bearer {{$dotenv KONEXUS_TOKEN}}';
const CURVE_SIZES = [100, 300, 1_000, 3_000, 10_000];
const CURVE_REQUESTS = 60_000;

export async function benchHttpInsert(): Promise<Section> {
  const rows = [
    await compare('5', 1_000, 100, { rounds: 60, warmupRounds: 5, batch: 5 }),
    await compare('5b', 10_000, 1_000, { rounds: 25, warmupRounds: 3, batch: 1 }, '  the same step one size up, both beyond the caches'),
  ];
  return { rows, details: [await perRequestCurve()] };
}

function editsOf(text: string): number {
  const result = authorizationHeaderEdits(text, { value: VALUE, scope: { kind: 'all' } });
  if (!result.ok) throw new Error(`${result.code}: ${result.why.kind}`);
  return result.edits.length;
}

async function compare(id: string, bigCount: number, smallCount: number, options: { rounds: number; warmupRounds: number; batch: number }, label?: string): Promise<Row> {
  const big = httpFile(bigCount);
  const small = httpFile(smallCount);
  const bigEdits = editsOf(big);
  const smallEdits = editsOf(small);
  const samples = await alternate({ big: () => editsOf(big), small: () => editsOf(small) }, options);
  const bigTime = summarize(samples.big);
  const smallTime = summarize(samples.small);
  const ratio = summarize(pairedRatios(samples.big, samples.small));
  const files = `${bigCount.toLocaleString('en-US')}-request file (${kb(big)}, ${bigEdits.toLocaleString('en-US')} edits in one list) vs ${smallCount.toLocaleString('en-US')}-request file (${kb(small)})`;
  return {
    id, what: label ? `${label}: ${files}` : `.http insert (all): ${files}`,
    value: formatMs(bigTime.median), spread: formatSpread(bigTime), baseline: formatMs(smallTime.median), ratio: formatRatio(ratio.median),
    target: `linear: ≈ 10×, ≤ ${formatRatio(TARGET)}`, outcome: ratio.median <= TARGET ? 'pass' : 'miss',
    data: { big: bigTime, small: smallTime, pairedRatio: ratio, bigEdits, smallEdits, bigChars: big.length, smallChars: small.length },
  };
}

/**
 * Time per request at each size, and how much of it is garbage collection (main-thread GC pauses seen by
 * a PerformanceObserver): a linear algorithm gives a flat line once the GC share is taken out.
 */
async function perRequestCurve(): Promise<Detail> {
  const total: number[] = [];
  const withoutGc: number[] = [];
  const gcShare: number[] = [];
  for (const size of CURVE_SIZES) {
    const file = httpFile(size);
    editsOf(file); // warm
    const { ms, gcMs } = await withGcTime(() => {
      for (let i = 0; i < CURVE_REQUESTS / size; i++) editsOf(file);
    });
    total.push((ms / CURVE_REQUESTS) * 1000);
    withoutGc.push(((ms - gcMs) / CURVE_REQUESTS) * 1000);
    gcShare.push(gcMs / ms);
  }
  const row = (label: string, values: number[], format: (v: number) => string) => `| ${label} | ${values.map(format).join(' | ')} |`;
  return {
    title: `Row 5: authorizationHeaderEdits per request by file size (${CURVE_REQUESTS.toLocaleString('en-US')} requests' worth at each size)`,
    lines: [`| Requests in the file | ${CURVE_SIZES.map(s => s.toLocaleString('en-US')).join(' | ')} |`, `|---|${CURVE_SIZES.map(() => '---').join('|')}|`,
      row('µs per request', total, v => v.toFixed(2)),
      row('µs per request without GC pauses', withoutGc, v => v.toFixed(2)),
      row('GC share of the time', gcShare, v => `${(v * 100).toFixed(0)}%`)],
  };
}

/** Runs `work` and sums the garbage-collection pauses that happened meanwhile. */
async function withGcTime(work: () => void): Promise<{ ms: number; gcMs: number }> {
  let gcMs = 0;
  let start = Infinity;
  let end = Infinity;
  // Entries arrive asynchronously: a collection from before `work` (the previous row's) must not count.
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (entry.startTime >= start && entry.startTime <= end) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  start = performance.now();
  work();
  end = performance.now();
  const ms = end - start;
  await new Promise(resolve => setTimeout(resolve, 50)); // GC entries are delivered asynchronously
  observer.disconnect();
  return { ms, gcMs };
}

const kb = (text: string) => `${(text.length / 1024).toFixed(0)} KB`;

function httpFile(requests: number): string {
  const parts = ['# Konexus Platform API', '@baseUrl = https://api.konexus.example/v1', '@tenant = acme', ''];
  for (let i = 0; i < requests; i++) {
    parts.push(`### request ${i}`, `# @name call${i}`);
    if (i % 2 === 0) {
      parts.push(`GET {{baseUrl}}/alerts/${i}`, '    ?page=1', '    &pageSize=50');
    } else {
      parts.push(`POST {{baseUrl}}/alerts HTTP/1.1`, 'Content-Type: application/json');
    }
    if (i % 3 === 0) parts.push('Authorization: Bearer {{$dotenv OLD_TOKEN}}');
    if (i % 30 === 0) parts.push('authorization: Bearer stale');
    parts.push('Accept: application/json', 'X-Tenant: {{tenant}}');
    if (i % 2 === 1) parts.push('', '{', `  "title": "Alert ${i}",`, '  "note": "Authorization: not a header",', '  "severity": "minor"', '}');
    parts.push('');
  }
  return parts.join('\n');
}

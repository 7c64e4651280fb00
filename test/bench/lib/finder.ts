/**
 * Row 4, hover/finder: what one hover costs in a 5 MB document full of tokens against a 1 KB document.
 * The hover reads one line (VS Code keeps the document as lines, so that is an index) and calls findJwtAt
 * on it; lines over 200 KB get no hover. Measured: line lookup + findJwtAt at a point inside a token, on
 * lines spread over the document, interleaved with the same in the 1 KB document. Two more 5 MB cases show
 * that findJwtAt alone does not grow with the line either: one minified line, and the worst case of one
 * unbroken base64url-and-dot run (which findJwtAt caps at MAX_FIND_LENGTH).
 */
import { findJwtAt, MAX_FIND_LENGTH } from '../../../src/core/jwt/find';
import { SEED_TOKEN } from '../../node/fixtures/seed-token';
import { formatMs, formatRatio, formatSpread, type Row, type Section } from './report';
import { alternate, pairedRatios, summarize } from './stats';

const MB = 1024 * 1024;
const ROUNDS = 200;
const WARMUP_ROUNDS = 20;
const HOVERS_PER_SAMPLE = 1_000;
const TARGET = 1.5;
/** JwtHoverProvider's MAX_HOVER_LINE_LENGTH (that module imports vscode, so it cannot be loaded here). */
const MAX_HOVER_LINE_LENGTH = 200 * 1024;

/** A document as the hover sees it: lines, and hover points (line, character inside a token). */
interface Doc {
  readonly lines: readonly string[];
  readonly points: ReadonlyArray<readonly [line: number, character: number]>;
  readonly bytes: number;
}

export async function benchFinder(): Promise<Section> {
  const small = httpSnippet();
  const big = logDocument(5 * MB);
  const minified = oneLine(5 * MB, '","');
  const unbroken = oneLine(5 * MB, '.');
  const hovers = (doc: Doc) => {
    let at = 0;
    return () => {
      let found = 0;
      for (let i = 0; i < HOVERS_PER_SAMPLE; i++) {
        const [line, character] = doc.points[at++ % doc.points.length]!;
        const text = doc.lines[line]!;
        if (text.length > MAX_HOVER_LINE_LENGTH) continue; // as JwtHoverProvider does
        if (findJwtAt(text, character)) found++;
      }
      return found;
    };
  };
  const finds = (doc: Doc) => {
    let at = 0;
    return () => {
      for (let i = 0; i < HOVERS_PER_SAMPLE; i++) {
        const [line, character] = doc.points[at++ % doc.points.length]!;
        findJwtAt(doc.lines[line]!, character);
      }
    };
  };
  // Sanity: every hover point of the documents is on a token.
  for (const doc of [small, big, minified]) {
    const [line, character] = doc.points[0]!;
    if (findJwtAt(doc.lines[line]!, character)?.token !== SEED_TOKEN) throw new Error('a hover point misses its token');
  }
  const samples = await alternate({
    small: hovers(small), big: hovers(big), minified: finds(minified), unbroken: finds(unbroken),
  }, { rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS });
  const perHover = (values: number[]) => values.map(v => v / HOVERS_PER_SAMPLE);
  const smallTime = summarize(perHover(samples.small));
  const rowOf = (id: string, what: string, values: number[], target: string, judged: boolean): Row => {
    const summary = summarize(perHover(values));
    const ratio = summarize(pairedRatios(values, samples.small));
    return {
      id, what, value: formatMs(summary.median), spread: formatSpread(summary), baseline: formatMs(smallTime.median), ratio: formatRatio(ratio.median),
      target, outcome: judged ? (ratio.median <= TARGET ? 'pass' : 'miss') : 'info', data: { perHover: summary, baseline: smallTime, pairedRatio: ratio },
    };
  };
  return {
    rows: [
      rowOf('4', `Hover: line + findJwtAt in a ${mb(big.bytes)} document of ${big.lines.length.toLocaleString('en-US')} lines full of tokens vs a ${small.bytes} B one`, samples.big, `≤ ${formatRatio(TARGET)}`, true),
      rowOf('4b', `  findJwtAt alone on one ${mb(minified.bytes)} minified line of tokens (the hover skips lines > ${MAX_HOVER_LINE_LENGTH / 1024} KB)`, samples.minified, 'info', false),
      rowOf('4c', `  findJwtAt alone on one ${mb(unbroken.bytes)} unbroken base64url run of dot-joined tokens (scan capped at ${MAX_FIND_LENGTH / 1024} KB)`, samples.unbroken, 'info', false),
    ],
  };
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** The small document: a request in a .http file, the smallest text that holds one Konexus token. */
function httpSnippet(): Doc {
  const lines = ['GET https://api.konexus.example/v1/alerts', `Authorization: Bearer ${SEED_TOKEN}`, 'Accept: application/json'];
  const start = lines[1]!.indexOf(SEED_TOKEN);
  const points = Array.from({ length: 1_000 }, (_, k) => [1, start + 10 + ((k * 37) % 1_200)] as const);
  return { lines, points, bytes: lines.join('\n').length };
}

/** A JSON log: each line a record with two tokens; hover points inside the first, on lines all over it. */
function logDocument(targetBytes: number): Doc {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = `{"ts":"2026-11-29T12:${String(i % 60).padStart(2, '0')}:00Z","level":"info","msg":"call ${i}","token":"${SEED_TOKEN}","previous":"${SEED_TOKEN}"}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  const start = lines[0]!.indexOf(SEED_TOKEN);
  const points = Array.from({ length: 1_000 }, (_, k) => {
    const line = Math.floor((k * lines.length) / 1_000);
    return [line, lines[line]!.indexOf(SEED_TOKEN, start - 4) + 10 + ((k * 37) % 1_200)] as const;
  });
  return { lines, points, bytes };
}

/** One line of tokens joined by `separator`; hover points on tokens spread along the line. */
function oneLine(targetBytes: number, separator: string): Doc {
  const count = Math.ceil(targetBytes / (SEED_TOKEN.length + separator.length));
  const line = `["${Array.from({ length: count }, () => SEED_TOKEN).join(separator)}"]`;
  const points: Array<[number, number]> = [];
  for (let k = 0; k < 1_000; k++) {
    const token = Math.floor((k * count) / 1_000);
    points.push([0, 2 + token * (SEED_TOKEN.length + separator.length) + 100]);
  }
  return { lines: [line], points, bytes: line.length };
}

/**
 * Row 6, leak guard: what its diagnostics cost on a 5 MB `.http` file. The guard (src/leakGuard) scans a
 * document once when it opens (LineLeaks.scanAll) and after that, 300 ms after the last keystroke, only
 * the lines the edits touched (applyChange records them, rescan reads them). Measured on the pure parts it
 * runs, as VS Code feeds them (a document as lines; one typed character is a change of one line):
 * - the full scan of 5 MB, against a budget per MB;
 * - one typed character (and its deletion) in the middle of the 5 MB document, against the same in a 1 KB
 *   document: the cost must not grow with the file;
 * - Enter (a line break) in the middle: every later leak moves down one line, a loop over them (info).
 * Not measured here: turning the leaks into vscode.Diagnostic objects (at most MAX_DIAGNOSTICS = 1000 per
 * publish, whatever the file), which needs the real host.
 */
import { scanForLeaks } from '../../../src/core/leaks/leakScan';
import { LineLeaks } from '../../../src/leakGuard/model/lineLeaks';
import { SEED_TOKEN } from '../../node/fixtures/seed-token';
import { formatMs, formatRatio, formatSpread, type Row, type Section } from './report';
import { alternate, pairedRatios, summarize } from './stats';

const MB = 1024 * 1024;
/** One frame at 60 Hz per MB: a 5 MB file opens with its warnings within ~5 frames of extension-host time. */
const SCAN_MS_PER_MB = 16;
const KEYSTROKE_TARGET = 1.5;
const KEYSTROKES_PER_SAMPLE = 200;

interface Doc {
  readonly lines: string[];
  readonly text: string;
  /** Lines to type in: the middle of the document, half of them holding a leak. */
  readonly targets: readonly number[];
}

export async function benchLeakGuard(): Promise<Section> {
  const big = httpDocument(5 * MB);
  const small = httpDocument(1024);

  // Full scan: the 5 MB open, timed alone (15 runs).
  const scans = await alternate({ big: () => new LineLeaks('http').scanAll(big.text) }, { rounds: 15, warmupRounds: 2 });
  const scan = summarize(scans.big);
  const leakCount = scanForLeaks(big.text, 'http').length;
  const mb = big.text.length / MB;
  const scanBudget = SCAN_MS_PER_MB * mb;

  // Keystrokes: type a character into a line and delete it again, then rescan as the debounced timer does.
  const typing = (doc: Doc, lineBreak: boolean) => {
    const index = new LineLeaks('http');
    index.scanAll(doc.text);
    const source = { lineCount: doc.lines.length, lineAt: (line: number) => doc.lines[line]! };
    // After Enter the document reads through this view (split line at `line`), so that splicing a 70,000-line
    // array, which VS Code's text model does not do, is not what gets measured.
    let split = -1;
    let halves: [string, string] = ['', ''];
    const splitSource = {
      get lineCount() { return doc.lines.length + 1; },
      lineAt: (line: number) => (line < split ? doc.lines[line]! : line === split ? halves[0] : line === split + 1 ? halves[1] : doc.lines[line - 1]!),
    };
    let at = 0;
    let linesRead = 0;
    const run = () => {
      for (let i = 0; i < KEYSTROKES_PER_SAMPLE; i++) {
        const line = doc.targets[at++ % doc.targets.length]!;
        const original = doc.lines[line]!;
        const column = original.length >> 1;
        if (lineBreak) {
          split = line;
          halves = [original.slice(0, column), original.slice(column)];
          index.applyChange({ startLine: line, endLine: line, insertedLineBreaks: 1 });
          linesRead += index.rescan(splitSource);
          index.applyChange({ startLine: line, endLine: line + 1, insertedLineBreaks: 0 });
        } else {
          doc.lines[line] = `${original.slice(0, column)}x${original.slice(column)}`;
          index.applyChange({ startLine: line, endLine: line, insertedLineBreaks: 0 });
          linesRead += index.rescan(source);
          doc.lines[line] = original;
          index.applyChange({ startLine: line, endLine: line, insertedLineBreaks: 0 });
        }
        linesRead += index.rescan(source);
      }
    };
    return { run, index, linesRead: () => linesRead };
  };
  const bigTyping = typing(big, false);
  const smallTyping = typing(small, false);
  const bigEnter = typing(big, true);
  const keys = await alternate({ big: bigTyping.run, small: smallTyping.run, bigEnter: bigEnter.run }, { rounds: 100, warmupRounds: 10 });
  // Per keystroke (a sample is KEYSTROKES_PER_SAMPLE × (type + delete)).
  const perKey = (values: number[]) => values.map(v => v / (2 * KEYSTROKES_PER_SAMPLE));
  const bigKey = summarize(perKey(keys.big));
  const smallKey = summarize(perKey(keys.small));
  const enterKey = summarize(perKey(keys.bigEnter));
  const keyRatio = summarize(pairedRatios(keys.big, keys.small));
  const enterRatio = summarize(pairedRatios(keys.bigEnter, keys.small));
  const stillRight = bigTyping.index.all().length === leakCount && bigEnter.index.all().length === leakCount;
  const keystrokes = (t: { linesRead: () => number }) => t.linesRead() / (2 * KEYSTROKES_PER_SAMPLE * 110);

  const rows: Row[] = [
    {
      id: '6', what: `Leak guard: full scan when a ${mb.toFixed(1)} MB .http file opens (${big.lines.length.toLocaleString('en-US')} lines, ${leakCount.toLocaleString('en-US')} leaks: raw tokens and client secrets)`,
      value: formatMs(scan.median), spread: formatSpread(scan), baseline: '—', ratio: '—',
      target: `≤ ${SCAN_MS_PER_MB} ms per MB (${formatMs(scanBudget)})`, outcome: scan.median <= scanBudget ? 'pass' : 'miss',
      data: { scan, bytes: big.text.length, lines: big.lines.length, leaks: leakCount },
    },
    {
      id: '6b', what: `  one typed character (type + rescan, delete + rescan) mid-document: 5 MB vs ${small.text.length} B document; lines read per keystroke: ${keystrokes(bigTyping).toFixed(2)}`,
      value: formatMs(bigKey.median), spread: formatSpread(bigKey), baseline: formatMs(smallKey.median), ratio: formatRatio(keyRatio.median),
      target: `≤ ${formatRatio(KEYSTROKE_TARGET)}`, outcome: keyRatio.median <= KEYSTROKE_TARGET && stillRight ? 'pass' : 'miss',
      data: { big: bigKey, small: smallKey, pairedRatio: keyRatio, leaksAfter: bigTyping.index.all().length, leaks: leakCount },
    },
    {
      id: '6c', what: `  Enter mid-document (the ${Math.round(leakCount / 2).toLocaleString('en-US')} leaks below move one line) vs a typed character in the ${small.text.length} B document`,
      value: formatMs(enterKey.median), spread: formatSpread(enterKey), baseline: formatMs(smallKey.median), ratio: formatRatio(enterRatio.median),
      target: 'info', outcome: 'info', data: { enter: enterKey, small: smallKey, pairedRatio: enterRatio },
    },
  ];
  return { rows };
}

/** A `.http` file of about `bytes`: requests as people write them, one in five with a raw token, one in ten with a client secret in a form body. */
function httpDocument(bytes: number): Doc {
  const lines: string[] = ['# Konexus Platform API', '@baseUrl = https://api.konexus.example/v1', ''];
  const leakLines: number[] = [];
  const plainLines: number[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const before = lines.length;
    lines.push(`### request ${i}`, `GET {{baseUrl}}/alerts/${i}?page=1&pageSize=50`, 'Accept: application/json');
    if (i % 5 === 0) {
      leakLines.push(lines.length);
      lines.push(`Authorization: Bearer ${SEED_TOKEN}`);
    } else {
      plainLines.push(lines.length);
      lines.push('Authorization: Bearer {{$dotenv KONEXUS_TOKEN}}');
    }
    if (i % 10 === 3) {
      lines.push('', `POST {{baseUrl}}/connect/token`, 'Content-Type: application/x-www-form-urlencoded', '');
      leakLines.push(lines.length);
      lines.push(`grant_type=client_credentials&client_id=ext-${i}-sample&client_secret=s3cr3t-${i}-Vx9qLw2ZpT&scope=tamarack`);
    }
    lines.push('');
    for (let l = before; l < lines.length; l++) size += lines[l]!.length + 1;
  }
  // Type in the middle third of the document, alternating lines with and without a leak.
  const middle = (list: number[]) => list.filter(l => l > lines.length / 3 && l < (2 * lines.length) / 3);
  const withLeak = middle(leakLines).slice(0, 50);
  const without = middle(plainLines).slice(0, 50);
  const targets = withLeak.length && without.length
    ? withLeak.flatMap((l, i) => [l, without[i % without.length]!])
    : [...leakLines, ...plainLines];
  return { lines, text: lines.join('\n'), targets };
}

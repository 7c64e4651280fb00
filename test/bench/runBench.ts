/**
 * `npm run bench`: the performance rows of the benchmark issue, measured on this machine. Not a test and
 * not part of `npm test`. Prints the table, writes it into BENCHMARKS.md (between the markers) and
 * test-results/bench.json. `npm run bench -- 1 4` runs only rows 1 and 4 (and then writes only the JSON).
 */
import { benchFinder } from './lib/finder';
import { benchHostRefresh } from './lib/hostRefresh';
import { benchHostStartup } from './lib/hostStartup';
import { benchHttpInsert } from './lib/httpInsert';
import { benchIdle } from './lib/idle';
import { benchLeakGuard } from './lib/leakGuard';
import { machine, markdownReport, textTable, writeBetweenMarkers, writeJson, type Run, type Section } from './lib/report';
import { benchSingleFlight } from './lib/singleFlight';
import { benchStartup } from './lib/startup';
import { benchTokenFetch } from './lib/tokenFetch';
import { benchVerify } from './lib/verify';

const ROWS: ReadonlyArray<readonly [id: string, run: () => Promise<Section>]> = [
  ['1', benchTokenFetch],
  ['2', benchSingleFlight],
  ['3', benchVerify],
  ['4', benchFinder],
  ['5', benchHttpInsert],
  ['6', benchLeakGuard],
  ['7', benchStartup],
  ['7host', benchHostStartup],
  ['8', benchIdle],
  ['9host', benchHostRefresh],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: Section[] = [];
  for (const [id, run] of ROWS) {
    if (only.length && !only.includes(id)) continue;
    const started = Date.now();
    console.log(`[bench] row ${id}…`);
    const section = await run();
    console.log(textTable(section.rows));
    for (const detail of section.details ?? []) console.log(`${detail.title}\n${detail.lines.join('\n')}`);
    console.log(`[bench] row ${id} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    sections.push(section);
  }
  const run: Run = { command: 'npm run bench', date: new Date().toISOString(), machine: machine(), sections };
  console.log(textTable(sections.flatMap(s => s.rows)));
  writeJson('test-results/bench.json', run);
  if (!only.length) writeBetweenMarkers('BENCHMARKS.md', markdownReport(run));
  console.log(`[bench] wrote test-results/bench.json${only.length ? '' : ' and BENCHMARKS.md'}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

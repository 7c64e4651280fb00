/**
 * Row 9 in the real VS Code host, on its own (test/bench/lib/hostRefresh.ts): `konexus.refreshToken` against
 * a raw fetch of the same request from the same extension host, and where the difference goes. Prints the
 * rows and writes test-results/bench-refresh.json; BENCHMARKS.md is left alone (`npm run bench` writes it).
 *   npm run bench:refresh   (or: node scripts/build.mjs && node out/test/bench/hostRefresh.mjs)
 *   KONEXUS_BENCH_REFRESH_ROUNDS=40   interleaved rounds per phase (default 40, after 5 warm-up rounds)
 *   KONEXUS_BENCH_REFRESH_KEPT=5      kept .env files in the second phase (0: none)
 *   KONEXUS_VERBOSE=1                 also print the browser console and filtered host noise
 */
import { runMain } from '../harness/lib/lifecycle';
import { createLog } from '../harness/lib/log';
import { benchHostRefresh } from './lib/hostRefresh';
import { machine, textTable, writeJson, type Run } from './lib/report';

const log = createLog('bench-refresh');

runMain(log, async context => {
  const section = await benchHostRefresh(context);
  console.log(textTable(section.rows));
  for (const detail of section.details ?? []) console.log(`${detail.title}\n${detail.lines.join('\n')}`);
  const run: Run = { command: 'node out/test/bench/hostRefresh.mjs', date: new Date().toISOString(), machine: machine(), sections: [section] };
  writeJson('test-results/bench-refresh.json', run);
  log('wrote test-results/bench-refresh.json');
  return section.rows.some(row => row.outcome === 'not measured') ? 1 : 0;
}, { timeoutMs: 20 * 60 * 1000 });

/**
 * Row 7 in the real VS Code host, on its own (test/bench/lib/hostStartup.ts): the extension's start-up in
 * code-server's extension host, cold and warm profile, against an empty baseline extension, and the proof
 * that activation sends no request. Prints the rows and writes test-results/bench-host.json; BENCHMARKS.md
 * is left alone (`npm run bench` writes it).
 *   node scripts/build.mjs && node out/test/bench/hostStartup.mjs
 *   KONEXUS_BENCH_HOST_LAUNCHES=4   launches of each kind (default 4)
 *   KONEXUS_VERBOSE=1               also print the browser console and filtered host noise
 */
import { runMain } from '../harness/lib/lifecycle';
import { createLog } from '../harness/lib/log';
import { benchHostStartup } from './lib/hostStartup';
import { machine, textTable, writeJson, type Run } from './lib/report';

const log = createLog('bench-host');

runMain(log, async context => {
  const section = await benchHostStartup(context);
  console.log(textTable(section.rows));
  for (const detail of section.details ?? []) console.log(`${detail.title}\n${detail.lines.join('\n')}`);
  const run: Run = { command: 'node out/test/bench/hostStartup.mjs', date: new Date().toISOString(), machine: machine(), sections: [section] };
  writeJson('test-results/bench-host.json', run);
  log('wrote test-results/bench-host.json');
  return section.rows.some(row => row.outcome === 'miss' || row.outcome === 'not measured') ? 1 : 0;
}, { timeoutMs: 30 * 60 * 1000 });

/**
 * The real-host start-up bench reads VS Code's ExtensionActivationTimes from the "Extension Activation
 * Stats" table of the Startup Performance document (test/bench/lib/hostStartupShared.ts): the parse must
 * take the right columns and must not report a table that is still loading or misses an extension.
 */
import * as assert from 'node:assert/strict';
import { parseActivationStats } from '../bench/lib/hostStartupShared';

// The layout of VS Code 1.139's perfview (MarkdownBuilder.table: padded cells, a dashed separator row).
const DOCUMENT = [
  '## Performance Marks',
  '',
  '| What | Duration | Process | Info |',
  '| ---- | -------- | ------- | ---- |',
  '| overall workbench load | 4242 | [renderer] | undefined |',
  '',
  '## Extension Activation Stats',
  '',
  '| Extension                       | Eager | Load Code | Call Activate | Finish Activate | Event             | By                              |',
  '| ------------------------------- | ----- | --------- | ------------- | --------------- | ----------------- | ------------------------------- |',
  '| vscode.git                      | true  | 148       | 98            | 3               | *                 | vscode.git                      |',
  '| vscode.merge-conflict           | false | 251       | 74            | 0               | onStartupFinished | vscode.merge-conflict           |',
  '| Konexus-Devtools.Konexus-VSCode | false | 95        | 70            | 2               | onStartupFinished | konexus-devtools.konexus-vscode |',
  '',
  '## Terminal Stats',
  '',
  '| Name | Timestamp | Delta | Total |',
  '| konexus-devtools.konexus-vscode | 1 | 2 | 3 |',
].join('\n');

describe('host start-up bench: parsing the Extension Activation Stats', () => {
  it('reads load, call and finish times and the event of the wanted extensions, ids compared without case', () => {
    const stats = parseActivationStats(DOCUMENT, ['konexus-devtools.konexus-vscode', 'vscode.merge-conflict']);
    assert.deepEqual(stats, {
      'konexus-devtools.konexus-vscode': { eager: false, codeLoadingTime: 95, activateCallTime: 70, activateResolvedTime: 2, activationEvent: 'onStartupFinished' },
      'vscode.merge-conflict': { eager: false, codeLoadingTime: 251, activateCallTime: 74, activateResolvedTime: 0, activationEvent: 'onStartupFinished' },
    });
  });

  it('reads an eager extension as eager', () => {
    assert.equal(parseActivationStats(DOCUMENT, ['vscode.git'])?.['vscode.git']?.eager, true);
  });

  it('reports nothing while the document is loading or an extension has not activated yet', () => {
    assert.equal(parseActivationStats('Loading...', ['vscode.git']), undefined);
    assert.equal(parseActivationStats(DOCUMENT, ['vscode.git', 'konexus-bench.baseline-empty']), undefined);
  });

  it('takes rows only from the activation table, not from a later table that names the extension', () => {
    const withoutOurRow = DOCUMENT.split('\n').filter(line => !line.startsWith('| Konexus-Devtools')).join('\n');
    assert.equal(parseActivationStats(withoutOurRow, ['konexus-devtools.konexus-vscode']), undefined);
  });
});

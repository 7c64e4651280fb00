/**
 * The network suite's entry (extensionTestsPath = out/test/host/network/index.js), run by
 * test/harness/runNetworkTests.ts in a host configured with a proxy and a CA: every `*.test.js` beside it,
 * reported as the main host suite reports (test/host/index.ts).
 */
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}

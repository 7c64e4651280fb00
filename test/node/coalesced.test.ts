import assert from 'node:assert/strict';
import { Coalesced } from '../../src/core/coalesced';
import { FakeClock } from './lib/fakeClock';

describe('Coalesced (views redraw once per burst of token events)', () => {
  it('runs once, the delay after the first call of a burst, and again for a later burst', async () => {
    const clock = new FakeClock(0);
    const runs: number[] = [];
    const redraw = new Coalesced(clock, 16, () => runs.push(clock.now()));
    redraw.schedule(); // refreshing
    await clock.advance(5);
    redraw.schedule(); // valid, 5 ms later
    assert.deepEqual(runs, [], 'nothing drawn while the request is on its way');
    await clock.advance(11);
    assert.deepEqual(runs, [16], 'one redraw for the burst');
    await clock.advance(100);
    redraw.schedule();
    await clock.advance(16);
    assert.deepEqual(runs, [16, 132]);
  });

  it('runs nothing after dispose', async () => {
    const clock = new FakeClock(0);
    let runs = 0;
    const redraw = new Coalesced(clock, 16, () => runs++);
    redraw.schedule();
    redraw.dispose();
    await clock.advance(1000);
    assert.equal(runs, 0);
  });
});

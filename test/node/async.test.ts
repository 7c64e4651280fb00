import assert from 'node:assert/strict';
import { Emitter, KeyedSequencer } from '../../src/core/async';

describe('async: Emitter', () => {
  it('calls every listener in order with the value, until each one is disposed', () => {
    const emitter = new Emitter<number>('test', () => assert.fail('no listener failed'));
    const seen: string[] = [];
    const a = emitter.event(value => seen.push(`a${value}`));
    emitter.event(value => seen.push(`b${value}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('logs a listener that throws, by the emitter\'s name and the error, and still runs the others', () => {
    const logged: string[] = [];
    const emitter = new Emitter<string>('Things.onDidChange', message => logged.push(message));
    const seen: string[] = [];
    emitter.event(() => { throw new Error('view broke'); });
    emitter.event(value => seen.push(value));
    emitter.fire('x');
    assert.deepEqual(seen, ['x']);
    assert.deepEqual(logged, ['[Things.onDidChange] a listener failed: view broke']);
  });

  it('counts the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<void>('test', () => undefined);
    let calls = 0;
    const listener = () => { calls++; };
    const first = emitter.event(listener);
    emitter.event(listener);
    emitter.fire();
    first.dispose();
    emitter.fire();
    assert.equal(calls, 3);
  });

  it('runs the listeners subscribed when fire began, even one another listener disposes meanwhile', () => {
    const emitter = new Emitter<void>('test', () => undefined);
    const seen: string[] = [];
    const later: { second?: { dispose(): void } } = {};
    emitter.event(() => {
      seen.push('first');
      later.second?.dispose();
      emitter.event(() => seen.push('late'));
    });
    later.second = emitter.event(() => seen.push('second'));
    emitter.fire();
    assert.deepEqual(seen, ['first', 'second']);
  });

  it('does nothing after dispose: no listener runs, a new subscription is inert', () => {
    const emitter = new Emitter<number>('test', () => undefined);
    const seen: number[] = [];
    emitter.event(value => seen.push(value));
    emitter.dispose();
    emitter.fire(1);
    emitter.event(value => seen.push(value)).dispose();
    emitter.fire(2);
    assert.deepEqual(seen, []);
  });
});

describe('async: KeyedSequencer', () => {
  it('runs tasks of one key one after another, other keys alongside, past failures', async () => {
    const sequencer = new KeyedSequencer();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const first = sequencer.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = sequencer.run('a', async () => {
      log.push('a2');
      return 2;
    });
    const other = sequencer.run('b', async () => {
      log.push('b1');
      return 'b';
    });
    assert.equal(await other, 'b');
    assert.deepEqual(log, ['a1 start', 'b1']);
    release();
    await assert.rejects(first, /a1 failed/);
    assert.equal(await second, 2);
    assert.deepEqual(log, ['a1 start', 'b1', 'a1 end', 'a2']);
    await new Promise(resolve => setTimeout(resolve, 0));
    assert.deepEqual(sequencer.busyKeys, []);
  });
});

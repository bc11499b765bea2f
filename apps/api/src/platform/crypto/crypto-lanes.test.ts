import { describe, expect, it } from 'vitest';
import { defaultCryptoConcurrency, Lanes } from './crypto-lanes.js';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const settle = () => new Promise((r) => setImmediate(r));

describe('crypto lanes', () => {
  it('default: 1 lane on ≤ 2 cores, else one per core but one', () => {
    expect([1, 2, 3, 4, 8].map((c) => defaultCryptoConcurrency(c))).toEqual([1, 1, 2, 3, 7]);
  });

  it('run at most N jobs at once and start the waiting ones in arrival order', async () => {
    const lanes = new Lanes(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const done = gates.map((g, i) =>
      lanes.run(async () => {
        started.push(i);
        most = Math.max(most, ++inFlight);
        await g.promise;
        inFlight--;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect([lanes.running, lanes.queued]).toEqual([2, 3]);
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect([lanes.running, lanes.queued]).toEqual([0, 0]);
  });

  it('a job that rejects or throws releases its lane', async () => {
    const lanes = new Lanes(1);
    const failing = deferred();
    const a = lanes.run(() => failing.promise);
    const b = lanes.run(() => {
      throw new Error('sync throw');
    });
    const c = lanes.run(async () => 'c ran');
    failing.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('sync throw');
    expect(await c).toBe('c ran');
    expect([lanes.running, lanes.queued]).toEqual([0, 0]);
  });

  it('a job arriving as a lane frees waits behind those already queued', async () => {
    const lanes = new Lanes(1);
    const first = deferred();
    const order: string[] = [];
    const a = lanes.run(() => first.promise.then(() => order.push('a')));
    const b = lanes.run(async () => order.push('b'));
    first.resolve();
    const c = lanes.run(async () => order.push('c')); // same tick as the release
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('raising the limit starts waiting jobs; a bad limit is refused', async () => {
    const lanes = new Lanes(1);
    const gate = deferred();
    const jobs = [lanes.run(() => gate.promise), lanes.run(() => gate.promise), lanes.run(() => gate.promise)];
    await settle();
    expect(lanes.running).toBe(1);
    lanes.setLimit(3);
    expect([lanes.running, lanes.queued]).toEqual([3, 0]);
    gate.resolve();
    await Promise.all(jobs);
    expect(() => lanes.setLimit(0)).toThrow(RangeError);
    expect(() => new Lanes(1.5)).toThrow(RangeError);
  });
});

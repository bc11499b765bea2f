import { describe, expect, it, vi } from 'vitest';
import { ListCache } from '../../src/modules/shared/list-cache.js';
import { MemoryCache } from '../../src/platform/cache.js';

// The versioned list cache: a write (bump) or a lost version key must never let an old entry be served.
const scope = { level: 'university' as const, universityId: 'u-1' };

describe('ListCache', () => {
  it('serves an entry until the university is bumped, and never after its version key is lost', async () => {
    const cache = new MemoryCache();
    const lists = new ListCache(cache);
    const first = await lists.entry<number>(scope, 'students:count', {});
    expect(first.value).toBeNull();
    await first.save(200);
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(200);
    // Another scope or query is another entry.
    expect((await lists.entry<number>({ level: 'college', universityId: 'u-1', collegeIds: ['c-1'] }, 'students:count', {})).value).toBeNull();
    expect((await lists.entry<number>(scope, 'students:count', { status: 'active' })).value).toBeNull();

    await lists.bump('u-1');
    const afterWrite = await lists.entry<number>(scope, 'students:count', {});
    expect(afterWrite.value).toBeNull();
    await afterWrite.save(201);
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(201);

    // Redis evicted or lost the version key while the entry lived on: a miss, not the old figure.
    await cache.del('acad-ver:u-1');
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBeNull();
  });

  it('an entry computed before a write is not served after it (saved under the version it read)', async () => {
    const lists = new ListCache(new MemoryCache());
    const stale = await lists.entry<number>(scope, 'students:count', {});
    await lists.bump('u-1'); // a write lands while the count is being computed
    await stale.save(5);
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBeNull();
  });

  it('does not cache God Mode (platform) reads', async () => {
    const lists = new ListCache(new MemoryCache());
    const e = await lists.entry<number>({ level: 'platform' }, 'students:count', {});
    await e.save(1);
    expect((await lists.entry<number>({ level: 'platform' }, 'students:count', {})).value).toBeNull();
  });

  it('keeps nothing and bumps nothing when the cache does not answer', async () => {
    const cache = new MemoryCache();
    const lists = new ListCache(cache);
    await (await lists.entry<number>(scope, 'students:count', {})).save(7);
    const version = await cache.get('acad-ver:u-1');
    const failing = Object.assign(Object.create(cache) as MemoryCache, { mget: () => Promise.reject(new Error('timeout')) });
    const e = await new ListCache(failing).entry<number>(scope, 'students:count', {});
    expect(e.value).toBeNull();
    await e.save(9);
    // A hiccup did not start a new version (which would drop the tenant's cached figures).
    expect(await cache.get('acad-ver:u-1')).toBe(version);
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(7);
  });

  it('computes a missed entry once for the requests that miss it together, and stores it', async () => {
    const lists = new ListCache(new MemoryCache());
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const count = async () => {
      runs++;
      await gate;
      return 200;
    };
    await lists.entry<number>(scope, 'students:count', {}); // the tenant's data version exists
    const entries = await Promise.all(Array.from({ length: 20 }, () => lists.entry<number>(scope, 'students:count', {})));
    const totals = Promise.all(entries.map((e) => e.share!(count)));
    release();
    expect(await totals).toEqual(Array(20).fill(200));
    expect(runs).toBe(1);
    expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(200);
  });

  it('does not share a computation across a write, nor keep a failed one', async () => {
    const lists = new ListCache(new MemoryCache());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const before = await lists.entry<number>(scope, 'students:count', {});
    const slow = before.share!(async () => {
      await gate;
      return 5;
    });
    await lists.bump('u-1'); // a write lands while the first count runs
    const after = await lists.entry<number>(scope, 'students:count', {});
    expect(await after.share!(async () => 6)).toBe(6);
    release();
    expect(await slow).toBe(5);
    // The count from before the write is never served after it (its late save can only cause a miss).
    expect((await lists.entry<number>(scope, 'students:count', {})).value).not.toBe(5);

    await lists.bump('u-1');
    const failing = await lists.entry<number>(scope, 'students:count', {});
    await expect(failing.share!(() => Promise.reject(new Error('deadline')))).rejects.toThrow('deadline');
    const retry = await lists.entry<number>(scope, 'students:count', {});
    expect(retry.value).toBeNull();
    expect(await retry.share!(async () => 7)).toBe(7);
  });

  it('serves an entry in the last fifth of its life at once and computes it again in the background, once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const lists = new ListCache(new MemoryCache());
      let runs = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      await (await lists.entry<number>(scope, 'students:count', {})).share!(async () => 200);
      // Young: served, nothing computed.
      vi.setSystemTime(Date.now() + 200_000);
      const young = await lists.entry<number>(scope, 'students:count', {});
      expect(await young.share!(async () => ++runs)).toBe(200);
      expect(runs).toBe(0);
      // 250 s of 300: every request still gets the cached figure without waiting; one recount runs.
      vi.setSystemTime(Date.now() + 50_000);
      const slowCount = async () => {
        runs++;
        await gate;
        return 201;
      };
      const old = await Promise.all(Array.from({ length: 5 }, () => lists.entry<number>(scope, 'students:count', {})));
      expect(await Promise.all(old.map((e) => e.share!(slowCount)))).toEqual(Array(5).fill(200));
      expect(runs).toBe(1);
      release();
      await vi.waitFor(async () => expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(201));
      // The refreshed entry has a whole life ahead of it: past the old expiry it is still there.
      vi.setSystemTime(Date.now() + 100_000);
      expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(201);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps serving an entry whose background refresh failed, and a write still makes it a miss', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const lists = new ListCache(new MemoryCache());
      await (await lists.entry<number>(scope, 'students:count', {})).share!(async () => 200);
      vi.setSystemTime(Date.now() + 290_000);
      const e = await lists.entry<number>(scope, 'students:count', {});
      expect(await e.share!(() => Promise.reject(new Error('deadline')))).toBe(200);
      expect((await lists.entry<number>(scope, 'students:count', {})).value).toBe(200);
      await lists.bump('u-1');
      const afterWrite = await lists.entry<number>(scope, 'students:count', {});
      expect(afterWrite.value).toBeNull();
      expect(await afterWrite.share!(async () => 199)).toBe(199);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers nothing to share where nothing is cached (God Mode)', async () => {
    const e = await new ListCache(new MemoryCache()).entry<number>({ level: 'platform' }, 'students:count', {});
    expect(e.share).toBeNull();
  });

  it('serves an entry it holds under the version the request brings with no round trip, and no other', async () => {
    const cache = new MemoryCache();
    const lists = new ListCache(cache);
    await (await lists.entry<{ n: number }>(scope, 'colleges', {})).save({ n: 3 });
    const version = (await cache.get('acad-ver:u-1'))!;
    const mget = vi.spyOn(cache, 'mget');
    const held = await lists.entry<{ n: number }>(scope, 'colleges', {}, { version });
    expect(held.value).toEqual({ n: 3 });
    expect(mget).not.toHaveBeenCalled();
    // Shared by requests: frozen, so none can change it for the next.
    expect(Object.isFrozen(held.value)).toBe(true);
    // A write anywhere gives requests a new version: the memo does not answer for it.
    await lists.bump('u-1');
    const fresh = (await cache.get('acad-ver:u-1'))!;
    expect((await lists.entry<{ n: number }>(scope, 'colleges', {}, { version: fresh })).value).toBeNull();
    expect(mget).toHaveBeenCalledTimes(1);
  });

  it('goes back to the cache for a held entry that is due for refresh', async () => {
    const cache = new MemoryCache();
    const lists = new ListCache(cache);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await (await lists.entry<number>(scope, 'students:count', {})).save(10);
      const version = (await cache.get('acad-ver:u-1'))!;
      vi.setSystemTime(Date.now() + 250_000); // past 4/5 of the 300 s life
      const mget = vi.spyOn(cache, 'mget');
      const e = await lists.entry<number>(scope, 'students:count', {}, { version });
      expect(mget).toHaveBeenCalledTimes(1);
      expect(e.value).toBe(10);
    } finally {
      vi.useRealTimers();
    }
  });
});

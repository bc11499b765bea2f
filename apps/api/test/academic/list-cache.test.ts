import { describe, expect, it } from 'vitest';
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
});

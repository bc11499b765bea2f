import { Redis } from 'ioredis';

// Cache behind one small interface: Redis in production, an in-process map in the embedded default.
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip (null where missing). */
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomically adds 1 and returns the new count; the key expires ttlSeconds after its first hit. */
  incr(key: string, ttlSeconds: number): Promise<{ count: number; ttlSeconds: number }>;
  /**
   * `mget(keys)` and a fixed-window hit on `counter` in one round trip: the counter gains 1, starts
   * its window of `windowMs` at its first hit (the same key and semantics as @fastify/rate-limit's
   * Redis store), and its count and the window's remaining milliseconds come back with the values.
   */
  mgetCount(keys: string[], counter: string, windowMs: number): Promise<{ values: (string | null)[]; count: number; resetMs: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The raw Redis client for adapters that need it (rate limiter, pub/sub); null in memory mode. */
  readonly redis: Redis | null;
}

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly redis = null;
  private readonly map = new Map<string, { value: string; expires: number }>();

  async get(key: string) {
    const hit = this.map.get(key);
    if (!hit) return null;
    if (hit.expires < Date.now()) {
      this.map.delete(key);
      return null;
    }
    return hit.value;
  }
  async mget(keys: string[]) {
    return Promise.all(keys.map((k) => this.get(k)));
  }
  async set(key: string, value: string, ttlSeconds: number) {
    // Bounded so a long-running embedded server cannot grow without limit.
    if (this.map.size > 50_000) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  }
  async del(...keys: string[]) {
    for (const k of keys) this.map.delete(k);
  }
  async incr(key: string, ttlSeconds: number) {
    const now = Date.now();
    const hit = this.map.get(key);
    const live = hit && hit.expires > now ? hit : { value: '0', expires: now + ttlSeconds * 1000 };
    const count = Number(live.value) + 1;
    this.map.set(key, { value: String(count), expires: live.expires });
    return { count, ttlSeconds: Math.ceil((live.expires - now) / 1000) };
  }
  async mgetCount(keys: string[], counter: string, windowMs: number) {
    const values = await this.mget(keys);
    const { count, ttlSeconds } = await this.incrMs(counter, windowMs);
    return { values, count, resetMs: ttlSeconds };
  }
  private async incrMs(key: string, windowMs: number) {
    const now = Date.now();
    const hit = this.map.get(key);
    const live = hit && hit.expires > now ? hit : { value: '0', expires: now + windowMs };
    const count = Number(live.value) + 1;
    this.map.set(key, { value: String(count), expires: live.expires });
    return { count, ttlSeconds: live.expires - now };
  }
  async ping() {}
  async close() {
    this.map.clear();
  }
}

// MGET + the rate limiter's counter (INCR; PEXPIRE on the first hit, else PTTL — as
// @fastify/rate-limit's store does it, so nodes of either kind share one count).
const MGET_COUNT = `
local n = tonumber(ARGV[1])
local values = {}
for i = 1, n do values[i] = redis.call('GET', KEYS[i]) end
local c = KEYS[n + 1]
local count = redis.call('INCR', c)
local ttl = tonumber(ARGV[2])
if count == 1 then redis.call('PEXPIRE', c, ttl) else ttl = redis.call('PTTL', c) end
return {values, count, ttl}`;

type WithMgetCount = Redis & { bfMgetCount(numKeys: number, ...args: (string | number)[]): Promise<[(string | false | null)[], number, number]> };

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  constructor(readonly redis: Redis) {
    if (!('bfMgetCount' in redis)) redis.defineCommand('bfMgetCount', { lua: MGET_COUNT });
  }

  get(key: string) {
    return this.redis.get(key);
  }
  async mget(keys: string[]) {
    return keys.length ? this.redis.mget(...keys) : [];
  }
  async set(key: string, value: string, ttlSeconds: number) {
    await this.redis.set(key, value, 'EX', ttlSeconds);
  }
  async del(...keys: string[]) {
    if (keys.length) await this.redis.del(...keys);
  }
  async incr(key: string, ttlSeconds: number) {
    // INCR + EXPIRE NX in one round trip; the window starts at the first hit.
    const res = await this.redis.multi().incr(key).expire(key, ttlSeconds, 'NX').ttl(key).exec();
    const count = Number(res?.[0]?.[1] ?? 1);
    const ttl = Number(res?.[2]?.[1] ?? ttlSeconds);
    return { count, ttlSeconds: ttl > 0 ? ttl : ttlSeconds };
  }
  async mgetCount(keys: string[], counter: string, windowMs: number) {
    const [raw, count, ttl] = await (this.redis as WithMgetCount).bfMgetCount(keys.length + 1, ...keys, counter, keys.length, windowMs);
    // A Lua table with nil holes comes back short, and GET's nil is false inside the script.
    const values = keys.map((_, i) => (typeof raw[i] === 'string' ? (raw[i] as string) : null));
    return { values, count: Number(count), resetMs: Math.max(0, Number(ttl)) };
  }
  async ping() {
    await this.redis.ping();
  }
  async close() {
    this.redis.disconnect();
  }
}

export function openCache(redisUrl: string | undefined, keyPrefix = 'bf:'): Cache {
  if (!redisUrl) return new MemoryCache();
  const redis = new Redis(redisUrl, {
    keyPrefix,
    // Fail fast instead of queueing forever while Redis is down; callers treat that as a cache miss.
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    enableOfflineQueue: false,
    lazyConnect: false,
    // Commands issued in the same event-loop tick (concurrent requests' session lookups and rate-limit
    // counters) go out in one write: fewer syscalls per request under load, nothing changes when idle.
    enableAutoPipelining: true,
  });
  redis.on('error', () => {
    /* reported through /up; ioredis reconnects by itself */
  });
  return new RedisCache(redis);
}

/** Counts hits and misses of every cache read for the cache-hit-ratio metric. */
export function meteredCache(cache: Cache, metrics: { cache: { inc(labels: { result: string }): void } }): Cache {
  const get = cache.get.bind(cache);
  cache.get = async (key: string) => {
    const v = await get(key);
    metrics.cache.inc({ result: v === null ? 'miss' : 'hit' });
    return v;
  };
  const mget = cache.mget.bind(cache);
  cache.mget = async (keys: string[]) => {
    const vs = await mget(keys);
    for (const v of vs) metrics.cache.inc({ result: v === null ? 'miss' : 'hit' });
    return vs;
  };
  const mgetCount = cache.mgetCount.bind(cache);
  cache.mgetCount = async (keys, counter, windowMs) => {
    const got = await mgetCount(keys, counter, windowMs);
    for (const v of got.values) metrics.cache.inc({ result: v === null ? 'miss' : 'hit' });
    return got;
  };
  return cache;
}

// Entries that a single version key makes stale all at once (a university's academic data, the
// role catalogue): each value is stored with the version it was computed under, and is read in the
// same round trip as the current version (MGET) — one request to Redis instead of two in sequence.
export function wrapVersioned(version: string, data: unknown): string {
  return JSON.stringify({ v: version, d: data });
}

/** The stored data when it was computed under `version`, else null (stale or missing). */
export function unwrapVersioned<T>(raw: string | null | undefined, version: string): T | null {
  if (!raw) return null;
  const o = JSON.parse(raw) as { v?: string; d?: T };
  return o.v === version && o.d !== undefined ? o.d : null;
}

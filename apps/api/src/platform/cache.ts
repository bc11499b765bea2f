import { Redis } from 'ioredis';

// Cache behind one small interface: Redis in production, an in-process map in the embedded default.
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomically adds 1 and returns the new count; the key expires ttlSeconds after its first hit. */
  incr(key: string, ttlSeconds: number): Promise<{ count: number; ttlSeconds: number }>;
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
  async ping() {}
  async close() {
    this.map.clear();
  }
}

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  constructor(readonly redis: Redis) {}

  get(key: string) {
    return this.redis.get(key);
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
  return cache;
}

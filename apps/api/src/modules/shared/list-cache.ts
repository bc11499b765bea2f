import { createHash } from 'node:crypto';
import type { Scope } from '../../http/actor.js';
import type { Cache } from '../../platform/cache.js';
import { mayReadFromReplica, readFromPrimary } from '../../platform/db-routing.js';

// Cached list pages for lookup data (departments, courses) that forms and filters fetch constantly.
// Keys carry a per-university version; every write to that university's academic data bumps it, so
// a change is visible on the very next read — no TTL-based staleness. God Mode lists are not cached.
const TTL_SECONDS = 300;
// A figure read from a replica may lag the primary by its replication delay: kept only briefly.
const REPLICA_TTL_SECONDS = 10;

export class ListCache {
  constructor(
    private readonly cache: Cache,
    /** DATABASE_READ_URL is set: reads may come from a replica. */
    private readonly replicated = false,
  ) {}

  private async version(universityId: string) {
    return (await this.cache.get(`acad-ver:${universityId}`).catch(() => null)) ?? '0';
  }

  async key(scope: Scope, table: string, query: unknown): Promise<string | null> {
    if (scope.level === 'platform') return null;
    const who = scope.level === 'college' ? `c:${scope.collegeIds.join(',')}` : 'u';
    const q = createHash('sha1').update(JSON.stringify(query)).digest('hex');
    return `list:${scope.universityId}:${await this.version(scope.universityId)}:${table}:${who}:${q}`;
  }

  /**
   * A cached value, or null. On a miss the request reads from the primary from then on (the page
   * about to be read will be cached under the current version, and a lagging replica could pin a
   * pre-write page there for the whole TTL) — unless `stayOnReplica`, for figures whose `set` then
   * keeps them only briefly.
   */
  async get<T>(key: string | null, { stayOnReplica = false } = {}): Promise<T | null> {
    if (!key) return null;
    const hit = await this.cache.get(key).catch(() => null);
    if (hit) return JSON.parse(hit) as T;
    if (!stayOnReplica) readFromPrimary();
    return null;
  }

  async set(key: string | null, value: unknown) {
    const ttl = this.replicated && mayReadFromReplica() ? REPLICA_TTL_SECONDS : TTL_SECONDS;
    if (key) await this.cache.set(key, JSON.stringify(value), ttl).catch(() => undefined);
  }

  /** Called after any write to a university's academic data. */
  async bump(universityId: string) {
    await this.cache.set(`acad-ver:${universityId}`, `${Date.now()}.${Math.random().toString(36).slice(2, 6)}`, 86_400 * 7).catch(() => undefined);
  }
}

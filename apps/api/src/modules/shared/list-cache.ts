import { createHash } from 'node:crypto';
import type { Scope } from '../../http/actor.js';
import { unwrapVersioned, wrapVersioned, type Cache } from '../../platform/cache.js';
import { mayReadFromReplica, readFromPrimary } from '../../platform/db-routing.js';

// Cached list pages, list totals and dashboard figures of one university. Each entry is stored with
// the university's data version; every write to that university's academic data bumps the version,
// so a change is visible on the very next read — no TTL-based staleness. The version and the entry
// are read in one round trip. God Mode (platform scope) reads are not cached.
const TTL_SECONDS = 300;
// A figure read from a replica may lag the primary by its replication delay: kept only briefly.
const REPLICA_TTL_SECONDS = 10;

const freshVersion = () => `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;

export interface ListEntry<T> {
  /** The cached value, or null on a miss. */
  value: T | null;
  /** Stores a value computed after this read (under the version seen by it). */
  save(value: T): Promise<void>;
  /**
   * On a miss: computes the value with `fn` and stores it — once per entry and version in this
   * process at a time; concurrent misses of the same entry wait for that one computation. (Without
   * it, every request arriving during a big tenant's ~150 ms count started its own count; a bench
   * run with totals expiring saw 17 statements over 100 ms and a p99 of 800 ms.) Null when the entry
   * is not cacheable (God Mode, cache down): the caller computes as it would have.
   */
  share: ((fn: () => Promise<T>) => Promise<T>) | null;
}

const NO_ENTRY = { value: null, save: async () => undefined, share: null };

export class ListCache {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: Cache,
    /** DATABASE_READ_URL is set: reads may come from a replica. */
    private readonly replicated = false,
  ) {}

  /**
   * The entry for `table` + `query` within the caller's scope. On a miss the request reads from the
   * primary from then on (the value about to be computed will be cached under the current version,
   * and a lagging replica could pin a pre-write value there for the whole TTL) — unless
   * `stayOnReplica`, for figures whose `save` then keeps them only briefly.
   */
  async entry<T>(scope: Scope, table: string, query: unknown, { stayOnReplica = false } = {}): Promise<ListEntry<T>> {
    if (scope.level === 'platform') return NO_ENTRY;
    const who = scope.level === 'college' ? `c:${scope.collegeIds.join(',')}` : 'u';
    const q = createHash('sha1').update(JSON.stringify(query)).digest('hex');
    const versionKey = `acad-ver:${scope.universityId}`;
    const key = `list:${scope.universityId}:${table}:${who}:${q}`;
    const got = await this.cache.mget([versionKey, key]).catch(() => null);
    // The cache did not answer: compute, and keep nothing.
    if (!got) return NO_ENTRY;
    const [version, raw] = got;
    let current = version;
    if (!current) {
      // No version yet (new tenant, or Redis lost it): start one. Entries stored under any earlier
      // version can then never match again.
      current = freshVersion();
      await this.cache.set(versionKey, current, 86_400 * 7).catch(() => undefined);
    }
    const value = unwrapVersioned<T>(raw, current);
    if (value === null && !stayOnReplica) readFromPrimary();
    const ttl = () => (this.replicated && mayReadFromReplica() ? REPLICA_TTL_SECONDS : TTL_SECONDS);
    const save = (v: T) => this.cache.set(key, wrapVersioned(current, v), ttl()).catch(() => undefined);
    const share = (fn: () => Promise<T>): Promise<T> => {
      const flight = `${key}@${current}`;
      let p = this.inflight.get(flight) as Promise<T> | undefined;
      if (!p) {
        p = fn().then(async (v) => {
          await save(v);
          return v;
        });
        this.inflight.set(flight, p);
        const forget = () => this.inflight.delete(flight);
        p.then(forget, forget);
      }
      return p;
    };
    return { value, save, share };
  }

  /** Called after any write to a university's academic data. */
  async bump(universityId: string) {
    await this.cache.set(`acad-ver:${universityId}`, freshVersion(), 86_400 * 7).catch(() => undefined);
  }
}

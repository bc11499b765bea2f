import { createHash } from 'node:crypto';
import type { Scope } from '../../core/actor.js';
import { unwrapVersioned, wrapVersioned, type Cache } from '../../platform/cache.js';
import { mayReadFromReplica, readFromPrimary } from '../../platform/db-routing.js';
import { deepFreeze } from '../../core/deep-freeze.js';

// Cached list pages, list totals and dashboard figures of one university. Each entry is stored with
// the university's data version; every write to that university's academic data bumps the version,
// so a change is visible on the very next read — no TTL-based staleness. The version and the entry
// are read in one round trip. God Mode (platform scope) reads are not cached.
//
// The TTL only bounds what old versions leave behind: an entry under the current version is still
// right when it expires. So an entry read in the last fifth of its life is served as it is and
// computed again in the background (once per process, `share`) — no request waits for a figure that
// was valid a moment ago. Before, every 300 s each tenant's total went missing and the requests
// for it waited for a recount (~150 ms for the 200,000-student tenant on a fast machine).
const TTL_SECONDS = 300;
const REFRESH_AFTER_SHARE = 0.8;
// A figure read from a replica may lag the primary by its replication delay: kept only briefly.
const REPLICA_TTL_SECONDS = 10;

// Entries already read in this process, by key with the version they were stored under: served with
// no round trip when the request brings the university's current version (read with the session, in
// the auth hook's one round trip). A write on any node bumps the version in Redis, so the next
// request anywhere sees a version the memo does not hold: as fresh as reading the entry from Redis.
const MEMO_MAX = 10_000;

/** The Redis key of a university's data version (read with the session by http/auth.ts). */
export const dataVersionKey = (universityId: string) => `acad-ver:${universityId}`;

const freshVersion = () => `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;

export interface ListEntry<T> {
  /** The cached value, or null on a miss. */
  value: T | null;
  /** Stores a value computed after this read (under the version seen by it). */
  save(value: T): Promise<void>;
  /**
   * The cached value, or on a miss the value computed with `fn` and stored — once per entry and
   * version in this process at a time; concurrent misses of the same entry wait for that one
   * computation. (Without it, every request arriving during a big tenant's ~150 ms count started its
   * own count; a bench run with totals expiring saw 17 statements over 100 ms and a p99 of 800 ms.)
   * A value in the last fifth of its life is returned at once and computed again in the background.
   * Null when the entry is not cacheable (God Mode, cache down): the caller computes as it would have.
   */
  share: ((fn: () => Promise<T>) => Promise<T>) | null;
}

const NO_ENTRY = { value: null, save: async () => undefined, share: null };

export class ListCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** key → { v: version, r: refresh-after time, d: value }; bounded, cleared when full. */
  private readonly memo = new Map<string, { v: string; r: number; d: unknown }>();

  constructor(
    private readonly cache: Cache,
    /** DATABASE_READ_URL is set: reads may come from a replica. */
    private readonly replicated = false,
  ) {}

  /**
   * The entry for `table` + `query` within the caller's scope. On a miss the request reads from the
   * primary from then on (the value about to be computed will be cached under the current version,
   * and a lagging replica could pin a pre-write value there for the whole TTL) — unless
   * `stayOnReplica`, for figures whose `save` then keeps them only briefly. `version`: the
   * university's data version as this request already read it (Actor.dataVersion); an entry this
   * process holds under that version, not yet due for refresh, is then served without a round trip.
   */
  async entry<T>(scope: Scope, table: string, query: unknown, { stayOnReplica = false, version: known }: { stayOnReplica?: boolean; version?: string | null } = {}): Promise<ListEntry<T>> {
    if (scope.level === 'platform') return NO_ENTRY;
    const who = scope.level === 'college' ? `c:${scope.collegeIds.join(',')}` : 'u';
    // The query's JSON is the key as it is (a hash object and a native call per request saved); only a
    // long one (a long search text) is hashed. JSON starts with `{`, a hex digest never does.
    const json = JSON.stringify(query);
    const q = json.length <= 200 ? json : createHash('sha1').update(json).digest('hex');
    const versionKey = dataVersionKey(scope.universityId);
    // `lists:` since entries carry their refresh time ({ r, d }): a node of the earlier release, reading
    // `list:` entries that hold the bare value, never meets one of these during a rolling deploy.
    const key = `lists:${scope.universityId}:${table}:${who}:${q}`;
    if (known) {
      const m = this.memo.get(key);
      if (m && m.v === known && Date.now() < m.r) {
        const d = m.d as T;
        return { value: d, save: (v: T) => this.store(key, known, v), share: async () => d };
      }
    }
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
    const stored = unwrapVersioned<{ r: number; d: T }>(raw, current);
    const value = stored ? stored.d : null;
    if (stored) this.remember(key, current, stored.r, stored.d);
    if (value === null && !stayOnReplica) readFromPrimary();
    const save = (v: T) => this.store(key, current, v);
    const compute = (fn: () => Promise<T>): Promise<T> => {
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
    const share = async (fn: () => Promise<T>): Promise<T> => {
      if (!stored) return compute(fn);
      // Refreshed ahead of expiry; should that fail, the entry is still served until it expires.
      if (Date.now() >= stored.r) compute(fn).catch(() => undefined);
      return stored.d;
    };
    return { value, save, share };
  }

  /** Stores a value computed under `version`, in Redis and in this process's memo. */
  private store(key: string, version: string, v: unknown) {
    const seconds = this.replicated && mayReadFromReplica() ? REPLICA_TTL_SECONDS : TTL_SECONDS;
    const r = Date.now() + seconds * 1000 * REFRESH_AFTER_SHARE;
    this.remember(key, version, r, v);
    return this.cache.set(key, wrapVersioned(version, { r, d: v }), seconds).catch(() => undefined);
  }

  private remember(key: string, version: string, r: number, d: unknown) {
    if (this.memo.size >= MEMO_MAX && !this.memo.has(key)) this.memo.clear();
    // Frozen: one object now serves many requests, and none may change it for the next.
    this.memo.set(key, { v: version, r, d: deepFreeze(d) });
  }

  /** Called after any write to a university's academic data. */
  async bump(universityId: string) {
    await this.cache.set(`acad-ver:${universityId}`, freshVersion(), 86_400 * 7).catch(() => undefined);
  }
}

import { unwrapVersioned, wrapVersioned, type Cache } from '../../platform/cache.js';
import type { ActorRecord, AuthRepository } from './auth.repository.js';
import { deepFreeze } from '../../core/deep-freeze.js';

// Effective permissions (union of the user's roles) and session state, cached in the shared cache so
// a request costs no SQL for identity — and one round trip to Redis: `resolve` reads the RBAC epoch,
// the session and the actor with one MGET. Invalidation: a user's entry is deleted when their roles
// change; `bumpEpoch()` invalidates every actor entry at once (a role's permissions changed, a tenant
// was suspended): entries are stored with the epoch they were loaded under.
const ACTOR_TTL = 300;
// Every path that ends a session deletes its entry (forgetSessions) and expiry is checked on every
// request against `expiresAt`, so the entry's life only bounds how often a session costs a SELECT, a
// cache SET and its last-activity UPDATE: at 60 s a user back every minute or two paid all three on
// most requests (1.6 SQL reads and 0.17 writes per list request in issue #22's bench); at 900 s,
// last activity is exact to 15 minutes.
const SESSION_TTL = 900;
const EPOCH_KEY = 'rbac-epoch';

export interface SessionState {
  userId: string;
  expiresAt: string;
  impersonatorId: string | null;
}

const actorKey = (userId: string) => `actor:${userId}`;
const sessionKey = (sessionId: string) => `session:${sessionId}`;

const PARSED_MAX = 10_000;

// Records handed out from the memo are shared by requests: frozen (deepFreeze) so none can change another's.

export class ActorCache {
  private readonly parsed = new Map<string, { v: string | undefined; d: ActorRecord | null }>();

  constructor(
    private readonly repo: AuthRepository,
    private readonly cache: Cache,
  ) {}

  /** The session's state and its user, both from the cache when there (one round trip). */
  /**
   * With `counter`, the same round trip also counts one request in the caller's rate-limit window
   * (http/rate-limit.ts): `hits` is its count, or null when the cache did not answer (then nothing
   * is limited, as the rate limiter's skipOnError does). `alsoRead`: one more key read in the same
   * round trip (the caller's university's data version, for the list cache), answered as `also`.
   */
  async resolve(
    sessionId: string,
    userId: string,
    counter?: { key: string; windowMs: number },
    alsoRead?: string,
  ): Promise<{ session: SessionState | null; actor: ActorRecord | null; hits: { count: number; resetMs: number } | null; also: string | null }> {
    const keys = [EPOCH_KEY, sessionKey(sessionId), actorKey(userId)];
    if (alsoRead) keys.push(alsoRead);
    let got: (string | null)[] | null;
    let hits: { count: number; resetMs: number } | null = null;
    if (counter) {
      const r = await this.safe(() => this.cache.mgetCount(keys, counter.key, counter.windowMs));
      got = r?.values ?? null;
      if (r) hits = { count: r.count, resetMs: r.resetMs };
    } else {
      got = await this.safe(() => this.cache.mget(keys));
    }
    const [epoch, rawSession, rawActor, also = null] = got ?? [null, null, null];
    const session = rawSession ? (JSON.parse(rawSession) as SessionState) : await this.loadSession(sessionId);
    if (!session || session.userId !== userId) return { session, actor: null, hits, also };
    const current = await this.currentEpoch(got, epoch);
    const actor = (current ? this.parsedActor(rawActor, current) : null) ?? (await this.loadActor(userId, current));
    return { session, actor, hits, also };
  }

  /**
   * The cached actor text as a record, parsed once per distinct text: the same users call again and
   * again, and their entry's text only changes when the entry is rewritten. The text is what Redis
   * answered for this request (epoch included), so a memo hit is never staler than a parse would be.
   */
  private parsedActor(raw: string | null | undefined, epoch: string): ActorRecord | null {
    if (!raw) return null;
    let hit = this.parsed.get(raw);
    if (!hit) {
      const o = JSON.parse(raw) as { v?: string; d?: ActorRecord };
      hit = { v: o.v, d: o.d ? deepFreeze(o.d) : null };
      if (this.parsed.size >= PARSED_MAX) this.parsed.clear();
      this.parsed.set(raw, hit);
    }
    return hit.v === epoch ? hit.d : null;
  }

  async get(userId: string): Promise<ActorRecord | null> {
    const got = await this.safe(() => this.cache.mget([EPOCH_KEY, actorKey(userId)]));
    const [epoch, raw] = got ?? [null, null];
    const current = await this.currentEpoch(got, epoch);
    return (current ? unwrapVersioned<ActorRecord>(raw, current) : null) ?? (await this.loadActor(userId, current));
  }

  /** The epoch read; a new one when there is none yet; none at all when the cache did not answer. */
  private async currentEpoch(got: unknown[] | null, epoch: string | null | undefined): Promise<string | null> {
    if (!got) return null;
    return epoch ?? this.bumpEpoch();
  }

  private async loadActor(userId: string, epoch: string | null) {
    const actor = await this.repo.loadActor(userId);
    if (actor && epoch) await this.safe(() => this.cache.set(actorKey(userId), wrapVersioned(epoch, actor), ACTOR_TTL));
    return actor;
  }

  async forgetUser(userId: string) {
    await this.safe(() => this.cache.del(actorKey(userId)));
  }

  /** Makes every cached actor stale; also starts an epoch when there is none (new or lost cache). */
  async bumpEpoch(): Promise<string> {
    const epoch = `${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
    await this.safe(() => this.cache.set(EPOCH_KEY, epoch, 86_400 * 30));
    return epoch;
  }

  /** A live session's state, or null when it is revoked, expired or unknown. */
  private async loadSession(sessionId: string): Promise<SessionState | null> {
    const s = await this.repo.getSession(sessionId);
    if (!s || s.revoked_at) return null;
    const state = { userId: s.user_id, expiresAt: s.expires_at, impersonatorId: s.impersonator_id };
    await this.safe(() => this.cache.set(sessionKey(sessionId), JSON.stringify(state), SESSION_TTL));
    // Last activity is written at most once per entry life (15 minutes) per session, and not
    // waited for: a durable write on the read path put a commit's fsync into 1 in ~15 requests.
    this.repo.touchSession(sessionId).catch(() => undefined);
    return state;
  }

  async forgetSessions(ids: string[]) {
    if (!ids.length) return;
    await this.safe(() => this.cache.del(...ids.map(sessionKey)));
    // Every path that ends a session (logout, revoke, password change, deactivation) comes through
    // here, so this is where open notification streams learn to close.
    for (const listener of this.endedListeners) await this.safe(async () => listener(ids));
  }

  private readonly endedListeners: ((sessionIds: string[]) => Promise<void> | void)[] = [];
  /** Calls `listener` with the ids of sessions that just ended. */
  onSessionsEnded(listener: (sessionIds: string[]) => Promise<void> | void) {
    this.endedListeners.push(listener);
  }

  // The cache is an optimisation: when it is down, fall through to the database.
  private async safe<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch {
      return null;
    }
  }
}

import type { Cache } from '../../platform/cache.js';
import type { ActorRecord, AuthRepository } from './auth.repository.js';

// Effective permissions (union of the user's roles) and session state, cached in the shared cache so
// a request costs no SQL for identity. Invalidation: a user's entry is deleted when their roles change;
// `bumpEpoch()` invalidates every entry at once (a role's permissions changed, a tenant was suspended).
const ACTOR_TTL = 300;
const SESSION_TTL = 60;

export interface SessionState {
  userId: string;
  expiresAt: string;
  impersonatorId: string | null;
}

export class ActorCache {
  constructor(
    private readonly repo: AuthRepository,
    private readonly cache: Cache,
  ) {}

  private async epoch(): Promise<string> {
    return (await this.safe(() => this.cache.get('rbac-epoch'))) ?? '0';
  }

  async get(userId: string): Promise<ActorRecord | null> {
    const key = `actor:${await this.epoch()}:${userId}`;
    const hit = await this.safe(() => this.cache.get(key));
    if (hit) return JSON.parse(hit) as ActorRecord;
    const actor = await this.repo.loadActor(userId);
    if (actor) await this.safe(() => this.cache.set(key, JSON.stringify(actor), ACTOR_TTL));
    return actor;
  }

  async forgetUser(userId: string) {
    await this.safe(async () => this.cache.del(`actor:${await this.epoch()}:${userId}`));
  }

  async bumpEpoch() {
    await this.safe(() => this.cache.set('rbac-epoch', String(Date.now()), 86_400 * 30));
  }

  /** A live session's state, or null when it is revoked, expired or unknown. */
  async session(sessionId: string): Promise<SessionState | null> {
    const key = `session:${sessionId}`;
    const hit = await this.safe(() => this.cache.get(key));
    if (hit) return JSON.parse(hit) as SessionState;
    const s = await this.repo.getSession(sessionId);
    if (!s || s.revoked_at) return null;
    const state = { userId: s.user_id, expiresAt: s.expires_at, impersonatorId: s.impersonator_id };
    await this.safe(() => this.cache.set(key, JSON.stringify(state), SESSION_TTL));
    // Last activity is written at most once a minute per session: the cache entry's life.
    await this.repo.touchSession(sessionId);
    return state;
  }

  async forgetSessions(ids: string[]) {
    if (ids.length) await this.safe(() => this.cache.del(...ids.map((id) => `session:${id}`)));
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

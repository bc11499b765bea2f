import type { Permission } from '@bitflow/contracts';

// Who is calling, resolved once per request by the auth hook and passed down explicitly to services.

/**
 * Where the caller may act. Repositories turn this into WHERE clauses through one helper
 * (db/scope.ts); services never write tenant filters by hand.
 * - platform: God Mode, every tenant (a bitflow_owner);
 * - university: one university;
 * - college: some colleges of one university.
 */
export type Scope =
  | { level: 'platform' }
  | { level: 'university'; universityId: string }
  | { level: 'college'; universityId: string; collegeIds: string[] };

export interface Actor {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  universityId: string | null;
  collegeId: string | null;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  scope: Scope;
  /** Set while a platform owner impersonates this user. */
  impersonator: { id: string; name: string } | null;
  /**
   * The scope's university's data version, read with the session (null when not read or none yet);
   * lets the list cache serve entries it holds under that version without a round trip.
   */
  dataVersion?: string | null;
}

/** Request facts every audit row and session needs. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** The operator impersonating the caller, set by the auth hook: every audit row of the request carries it. */
  impersonatorId?: string | null;
}

/** What scopeOf needs of a user: their university, college and the levels of their roles. */
export interface ScopeSource {
  university_id: string | null;
  college_id: string | null;
  roles: readonly { level: string }[];
}

/** Where a user may act, from their roles: the one rule every request and job resolves scope by. */
export function scopeOf(record: ScopeSource): Scope {
  if (record.roles.some((r) => r.level === 'platform')) return { level: 'platform' };
  const universityId = record.university_id ?? '';
  if (record.college_id && record.roles.every((r) => r.level === 'college')) {
    return { level: 'college', universityId, collegeIds: [record.college_id] };
  }
  // A user with no university and no platform role can see nothing.
  return universityId ? { level: 'university', universityId } : { level: 'college', universityId, collegeIds: [] };
}

/** Whether the actor holds a permission; the route hook and the services that check inside a call use it. */
export function can(actor: Pick<Actor, 'permissions'>, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

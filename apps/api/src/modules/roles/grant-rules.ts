import { AppError } from '../../core/app-error.js';
import type { Actor } from '../../core/actor.js';

// Privilege-escalation rules, in one place: a user grants only permissions they hold, and only
// roles at or below their own level (platform > university > college).
const RANK = { platform: 0, university: 1, college: 2 } as const;

const aboveActor = (actor: Actor, level: string) => (RANK[level as keyof typeof RANK] ?? 0) < RANK[actor.scope.level];
// A role's permissions are names from the database (strings); asking a set of Permission about any string is sound.
const holds = (actor: Actor, permission: string) => (actor.permissions as ReadonlySet<string>).has(permission);

/** Whether `actor` may give `role` to someone: the predicate form of assertCanGrant. */
export function canGrant(actor: Actor, role: { level: string; permissions: readonly string[] }): boolean {
  return !aboveActor(actor, role.level) && role.permissions.every((p) => holds(actor, p));
}

export function assertCanGrant(actor: Actor, role: { name: string; level: string; permissions: readonly string[] }) {
  if (aboveActor(actor, role.level)) {
    throw new AppError('FORBIDDEN', `You cannot grant the role "${role.name}": it is above your own level.`);
  }
  const missing = role.permissions.filter((p) => !holds(actor, p));
  if (missing.length) {
    throw new AppError('FORBIDDEN', `You cannot grant permissions you do not hold: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}.`);
  }
}

import { AppError } from '../../http/app-error.js';
import type { Actor } from '../../http/actor.js';

// Privilege-escalation rules, in one place: a user grants only permissions they hold, and only
// roles at or below their own level (platform > university > college).
const RANK = { platform: 0, university: 1, college: 2 } as const;

export function assertCanGrant(actor: Actor, role: { name: string; level: string; permissions: readonly string[] }) {
  const roleRank = RANK[role.level as keyof typeof RANK] ?? 0;
  if (roleRank < RANK[actor.scope.level]) {
    throw new AppError('FORBIDDEN', `You cannot grant the role "${role.name}": it is above your own level.`);
  }
  const missing = role.permissions.filter((p) => !actor.permissions.has(p as never));
  if (missing.length) {
    throw new AppError('FORBIDDEN', `You cannot grant permissions you do not hold: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}.`);
  }
}

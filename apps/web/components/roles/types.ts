import type { MeResponse, Role } from '@bitflow/contracts';

const RANK: Record<string, number> = { platform: 0, university: 1, college: 2 };

/** The API's grant rule, mirrored for the interface: at or below your level, only permissions you hold. */
export function canGrant(me: MeResponse | null, role: Pick<Role, 'level' | 'permissions'>): boolean {
  if (!me) return false;
  if ((RANK[role.level] ?? 0) < (RANK[me.scope.level] ?? 0)) return false;
  return role.permissions.every((p) => me.permissions.includes(p));
}

export function roleLabel(roles: Role[] | undefined, name: string): string {
  return roles?.find((r) => r.name === name)?.display_name ?? name;
}

'use client';
import type { MeResponse, Permission } from '@bitflow/contracts';
import { create } from 'zustand';

// Who is signed in, from GET /auth/me: profile, roles, permissions, scope and impersonation.
interface UserState {
  me: MeResponse | null;
  setMe(me: MeResponse | null): void;
}

export const useUserStore = create<UserState>((set) => ({
  me: null,
  setMe: (me) => set({ me }),
}));

/** True when the signed-in user holds the permission (`entity.action`). */
export function hasPermission(me: MeResponse | null, permission: Permission | undefined): boolean {
  if (!permission) return true;
  return me?.permissions.includes(permission) ?? false;
}

/** Hook form of hasPermission for components. */
export function useCan(permission: Permission | undefined): boolean {
  return useUserStore((s) => hasPermission(s.me, permission));
}

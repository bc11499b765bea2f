'use client';
import { create } from 'zustand';

// The access token lives only in memory (never localStorage): a page reload loses it and the
// session is restored from the httpOnly refresh cookie (lib/session.ts).
// During a God Mode impersonation the impersonated session's refresh token is held here too, in
// memory only: the browser's cookie stays the platform owner's, so ending the impersonation (or
// reloading the page) returns to the owner's own session.
export type AuthStatus = 'unknown' | 'authenticated' | 'anonymous';

interface AuthState {
  accessToken: string | null;
  status: AuthStatus;
  impersonationRefresh: string | null;
  setToken(token: string): void;
  setImpersonation(accessToken: string, refreshToken: string | null): void;
  clear(): void;
}

export const useAuthStore = create<AuthState>((set) => ({
  accessToken: null,
  status: 'unknown',
  impersonationRefresh: null,
  setToken: (accessToken) => set({ accessToken, status: 'authenticated' }),
  setImpersonation: (accessToken, impersonationRefresh) => set({ accessToken, impersonationRefresh, status: 'authenticated' }),
  clear: () => set({ accessToken: null, impersonationRefresh: null, status: 'anonymous' }),
}));

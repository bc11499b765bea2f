'use client';
import { create } from 'zustand';

// The access token lives only in memory (never localStorage): a page reload loses it and the
// session is restored from the httpOnly refresh cookie (lib/refresh.ts). During a God Mode
// impersonation the API keeps the impersonated session's refresh token in a second httpOnly cookie,
// so a reload restores the impersonation and ending it falls back to the owner's own cookie.
export type AuthStatus = 'unknown' | 'authenticated' | 'anonymous';

interface AuthState {
  accessToken: string | null;
  status: AuthStatus;
  setToken(token: string): void;
  clear(): void;
}

export const useAuthStore = create<AuthState>((set) => ({
  accessToken: null,
  status: 'unknown',
  setToken: (accessToken) => set({ accessToken, status: 'authenticated' }),
  clear: () => set({ accessToken: null, status: 'anonymous' }),
}));

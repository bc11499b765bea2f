'use client';
import { create } from 'zustand';

// The access token lives only in memory (never localStorage): a page reload loses it and the
// session is restored from the httpOnly refresh cookie (lib/session.ts).
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

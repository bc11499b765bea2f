'use client';
import type { MeResponse } from '@bitflow/contracts';
import { create } from 'zustand';

// The access token lives only in memory (never localStorage); the refresh token is an httpOnly cookie.
interface AuthState {
  accessToken: string | null;
  me: MeResponse | null;
  setToken(token: string | null): void;
  setMe(me: MeResponse | null): void;
  can(permission: string): boolean;
}

export const useAuth = create<AuthState>((set, get) => ({
  accessToken: null,
  me: null,
  setToken: (accessToken) => set({ accessToken }),
  setMe: (me) => set({ me }),
  can: (permission) => get().me?.permissions.includes(permission) ?? false,
}));

'use client';
import type { TokenResponse } from '@bitflow/contracts';
import { useAuthStore } from '@/stores/auth-store';
import { api, type Envelope } from './api';
import { refreshSession } from './refresh';
import { loadMe } from './session';

// God Mode "act as": the API issues a session for the target user, audited with the operator's
// name and the reason. This tab switches to it; the owner's cookie session is untouched.

export async function startImpersonation(userId: string, reason: string, minutes = 30): Promise<void> {
  const { data } = await api.post<Envelope<TokenResponse>>('/god-mode/impersonate', { user_id: userId, reason, duration_minutes: minutes });
  useAuthStore.getState().setImpersonation(data.data.access_token, data.data.refresh_token);
  await loadMe();
}

export async function endImpersonation(): Promise<void> {
  try {
    await api.post('/god-mode/impersonation/end', {});
  } finally {
    // Whatever the API said, this tab goes back to the owner's own session (the refresh cookie).
    useAuthStore.getState().setImpersonation('', null);
    await refreshSession();
    await loadMe();
  }
}

'use client';
import type { ImpersonationStarted } from '@bitflow/contracts';
import axios from 'axios';
import { useAuthStore } from '@/stores/auth-store';
import { useUserStore } from '@/stores/user-store';
import { api, type Envelope } from './api';
import { refreshSession } from './refresh';
import { loadMe } from './session';

// God Mode "act as": the API issues a session for the target user, audited with the operator's
// name and the reason, and keeps its refresh token in its own httpOnly cookie, so a reload stays in
// the impersonation. The owner's own cookie session is untouched and comes back when it ends.

export async function startImpersonation(userId: string, reason: string, minutes = 30): Promise<void> {
  const { data } = await api.post<Envelope<ImpersonationStarted>>('/god-mode/impersonate', { user_id: userId, reason, duration_minutes: minutes });
  useAuthStore.getState().setToken(data.data.access_token);
  await loadMe();
}

export async function endImpersonation(): Promise<void> {
  try {
    await api.post('/god-mode/impersonation/end', {});
  } catch (e) {
    // Already over (expired, ended in another tab): nothing left to end. Anything else is an error.
    const status = axios.isAxiosError(e) ? e.response?.status : undefined;
    if (!status || status >= 500) throw e;
  } finally {
    // Whatever the API said (it may have expired already), back to the owner's own session: the
    // API dropped the impersonation's cookie, so the refresh answers with the owner's.
    useUserStore.getState().setMe(null);
    await refreshSession();
    await loadMe();
  }
}

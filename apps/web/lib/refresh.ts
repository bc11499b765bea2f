'use client';
import type { TokenResponse } from '@bitflow/contracts';
import axios from 'axios';
import { useAuthStore } from '@/stores/auth-store';
import { useUserStore } from '@/stores/user-store';

// Silent refresh through the httpOnly `bf_refresh` cookie.
// - Within a tab: one refresh in flight, shared by every caller (several 401s at once).
// - Across tabs: a Web Lock serialises refreshes. Refresh tokens rotate on every use and presenting
//   a rotated one revokes the whole session, so two tabs must never send the same cookie at once;
//   behind the lock the second tab sends the cookie the first one just received.

let inFlight: Promise<string | null> | null = null;

/**
 * Resolves to a new access token, or null when there is no valid session (the API said 401/400).
 * Rejects when the API could not be reached, so a network blip does not sign anyone out.
 */
export function refreshSession(): Promise<string | null> {
  // An impersonation refreshes with its own token (in memory, this tab only): no cookie, no lock.
  inFlight ??= (useAuthStore.getState().impersonationRefresh ? refreshImpersonation() : withCrossTabLock(requestRefresh)).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function requestRefresh(): Promise<string | null> {
  try {
    const res = await axios.post<{ data: TokenResponse }>('/api/v1/auth/refresh', {}, { withCredentials: true, timeout: 15_000 });
    useAuthStore.getState().setToken(res.data.data.access_token);
    return res.data.data.access_token;
  } catch (e) {
    const status = axios.isAxiosError(e) ? e.response?.status : undefined;
    if (status && status < 500 && status !== 429) {
      useAuthStore.getState().clear();
      return null;
    }
    throw e;
  }
}

async function refreshImpersonation(): Promise<string | null> {
  const token = useAuthStore.getState().impersonationRefresh!;
  try {
    const res = await axios.post<{ data: TokenResponse }>('/api/v1/auth/refresh', { refresh_token: token }, { timeout: 15_000 });
    useAuthStore.getState().setImpersonation(res.data.data.access_token, res.data.data.refresh_token);
    return res.data.data.access_token;
  } catch (e) {
    const status = axios.isAxiosError(e) ? e.response?.status : undefined;
    if (!status || status >= 500 || status === 429) throw e;
    // The impersonation expired or was ended elsewhere: back to the owner's own session.
    useAuthStore.getState().setImpersonation('', null);
    useUserStore.getState().setMe(null);
    return withCrossTabLock(requestRefresh);
  }
}

function withCrossTabLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return fn();
  // The lock is held until the callback's promise settles, i.e. until the new cookie has arrived.
  return new Promise<T>((resolve, reject) => {
    locks.request('bf-auth-refresh', () => fn().then(resolve, reject)).catch(reject);
  });
}

/** The session is gone (expired, revoked, signed out elsewhere): back to the sign-in page. */
export function sessionLost() {
  useAuthStore.getState().clear();
  useUserStore.getState().setMe(null);
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname.startsWith('/login')) return;
  window.location.assign(`/login?reason=expired&next=${encodeURIComponent(here)}`);
}

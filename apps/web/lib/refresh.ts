'use client';
import type { TokenResponse } from '@bitflow/contracts';
import axios from 'axios';
import type { Envelope } from '@/lib/api';
import { useAuthStore } from '@/stores/auth-store';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';

// Silent refresh through the httpOnly `bf_refresh` cookie.
// - Within a tab: one refresh in flight, shared by every caller (several 401s at once).
// - Across tabs: a Web Lock serialises refreshes. Refresh tokens rotate on every use and presenting
//   a rotated one revokes the whole session, so two tabs must never send the same cookie at once;
//   behind the lock the second tab sends the cookie the first one just received.
// - God Mode: while the browser carries an impersonation (its own httpOnly cookie), the API answers
//   with the impersonated session; once that has ended or expired, with the owner's own.

let inFlight: Promise<string | null> | null = null;

/**
 * Resolves to a new access token, or null when there is no valid session (the API said 401/400).
 * Rejects when the API could not be reached, so a network blip does not sign anyone out.
 */
export function refreshSession(): Promise<string | null> {
  inFlight ??= withCrossTabLock(requestRefresh).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function requestRefresh(): Promise<string | null> {
  try {
    const res = await axios.post<Envelope<TokenResponse>>('/api/v1/auth/refresh', {}, { withCredentials: true, timeout: 15_000 });
    useAuthStore.getState().setToken(res.data.data.access_token);
    followIdentity(res.data.data.user.id);
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

/**
 * The refreshed session is someone else than the one on screen: an impersonation ended or expired
 * (here or in another tab), or began in another tab. Forgetting `me` makes the app shell load who
 * this tab now is, with their navigation and (for an impersonation) the banner.
 */
function followIdentity(userId: string) {
  const me = useUserStore.getState().me;
  if (!me || me.user.id === userId) return;
  useUserStore.getState().setMe(null);
  if (me.impersonator) useUiStore.getState().toast('The impersonation has ended. You are yourself again.', 'info');
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

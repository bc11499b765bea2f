'use client';
import type { LoginRequest, MeResponse, MfaEnabled, MfaSetup, TokenResponse, ZLoginEnvelope } from '@bitflow/contracts';
import type { z } from 'zod';
import { useAuthStore } from '@/stores/auth-store';
import { useUserStore } from '@/stores/user-store';
import { api, type Envelope } from './api';
import { refreshSession } from './refresh';

// Sign-in, MFA, sign-out and the current user. Tokens go to the in-memory store only.

export type SignInResult = { kind: 'signed-in' } | { kind: 'mfa'; mfaToken: string; setupRequired: boolean };

export async function signIn(values: LoginRequest): Promise<SignInResult> {
  const { data } = await api.post<z.output<typeof ZLoginEnvelope>>('/auth/login', values);
  if ('mfa_required' in data.data) {
    return { kind: 'mfa', mfaToken: data.data.mfa_token, setupRequired: !!data.data.mfa_setup_required };
  }
  useAuthStore.getState().setToken(data.data.access_token);
  return { kind: 'signed-in' };
}

export async function verifyMfa(mfaToken: string, answer: { code: string } | { recovery_code: string }) {
  const { data } = await api.post<Envelope<TokenResponse>>('/auth/mfa/verify', { mfa_token: mfaToken, ...answer });
  useAuthStore.getState().setToken(data.data.access_token);
}

/**
 * A new secret for the user's authenticator app: owners who must use MFA enrol during sign-in (with
 * the challenge token); anyone signed in can enrol from their profile (no token).
 */
export async function beginMfaSetup(mfaToken?: string) {
  const { data } = await api.post<Envelope<MfaSetup>>('/auth/mfa/setup', mfaToken ? { mfa_token: mfaToken } : {});
  return data.data;
}

/** Confirms enrolment with a first code (during sign-in this also completes it). Returns recovery codes. */
export async function enableMfa(mfaToken: string | undefined, code: string) {
  const { data } = await api.post<Envelope<MfaEnabled>>('/auth/mfa/enable', mfaToken ? { mfa_token: mfaToken, code } : { code });
  if ('access_token' in data.data) useAuthStore.getState().setToken(data.data.access_token);
  return data.data.recovery_codes;
}

export async function loadMe(): Promise<MeResponse> {
  const { data } = await api.get<Envelope<MeResponse>>('/auth/me');
  useUserStore.getState().setMe(data.data);
  return data.data;
}

export async function signOut(): Promise<void> {
  try {
    // Signing out while impersonating first ends the impersonation (the API answers the
    // impersonated session's logout that way), then signs the owner out too.
    if (useUserStore.getState().me?.impersonator) {
      await api.post('/auth/logout', {});
      await refreshSession();
    }
    await api.post('/auth/logout', {});
  } finally {
    // Even if the API is unreachable, forget everything this tab holds.
    useAuthStore.getState().clear();
    useUserStore.getState().setMe(null);
  }
}

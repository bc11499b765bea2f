'use client';
import axios, { AxiosError, type InternalAxiosRequestConfig } from 'axios';
import { useAuthStore } from '@/stores/auth-store';
import { refreshSession, sessionLost } from './refresh';

// One Axios client for the API on the same origin (no CORS). Every request carries the in-memory
// access token. A 401 triggers one shared refresh (lib/refresh.ts); the failed requests are then
// retried once with the new token. If the session cannot be refreshed, the user goes to /login.

export interface Envelope<T> {
  success: true;
  message: string;
  data: T;
}

export const API_BASE = '/api/v1';

export const api = axios.create({
  baseURL: API_BASE,
  withCredentials: true,
  headers: { Accept: 'application/json' },
  timeout: 30_000,
});

api.interceptors.request.use((config) => {
  const token = useAuthStore.getState().accessToken;
  if (token && !config.headers.has('Authorization')) config.headers.set('Authorization', `Bearer ${token}`);
  return config;
});

type RetriableConfig = InternalAxiosRequestConfig & { _retried?: boolean };

// Sign-in endpoints answer 401 for bad credentials; that is not an expired session.
const NO_REFRESH = /\/auth\/(login|refresh|mfa\/)/;

api.interceptors.response.use(undefined, async (error: AxiosError) => {
  const original = error.config as RetriableConfig | undefined;
  if (error.response?.status !== 401 || !original || original._retried || NO_REFRESH.test(original.url ?? '')) {
    throw error;
  }
  original._retried = true;
  const token = await refreshSession().catch(() => undefined);
  if (token === undefined) throw error; // The refresh itself failed (network): keep the session.
  if (token === null) {
    sessionLost();
    throw error;
  }
  original.headers.set('Authorization', `Bearer ${token}`);
  return api(original);
});

export interface ApiProblem {
  status: number | null;
  message: string;
  errors: Record<string, string[]>;
}

/** The API's error envelope flattened for forms, alerts and toasts. */
export function apiError(e: unknown): ApiProblem {
  if (axios.isCancel(e)) return { status: null, message: 'The request was cancelled.', errors: {} };
  const err = e as AxiosError<{ message?: string; errors?: Record<string, string[]> }>;
  if (!err?.isAxiosError) return { status: null, message: 'Something went wrong. Please try again.', errors: {} };
  if (!err.response) {
    return { status: null, message: 'Cannot reach the server. Check your connection and try again.', errors: {} };
  }
  const { status, data } = err.response;
  const fallback = status >= 500 ? 'The server had a problem. Please try again in a moment.' : 'The request could not be completed.';
  return { status, message: data?.message ?? fallback, errors: data?.errors ?? {} };
}

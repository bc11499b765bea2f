'use client';
import axios, { AxiosError, type AxiosRequestConfig } from 'axios';
import { useAuth } from '@/stores/auth';

// One Axios client for the API on the same origin. On a 401 it refreshes through the httpOnly cookie
// — one refresh in flight shared by every request that failed — then retries them once.
export const api = axios.create({ baseURL: '/api/v1', withCredentials: true });

api.interceptors.request.use((config) => {
  const token = useAuth.getState().accessToken;
  if (token) config.headers.set('Authorization', `Bearer ${token}`);
  return config;
});

let refreshing: Promise<string | null> | null = null;

export function refreshSession(): Promise<string | null> {
  refreshing ??= axios
    .post('/api/v1/auth/refresh', {}, { withCredentials: true })
    .then((r) => {
      const token = r.data.data.access_token as string;
      useAuth.getState().setToken(token);
      return token;
    })
    .catch(() => {
      useAuth.getState().setToken(null);
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

api.interceptors.response.use(undefined, async (error: AxiosError) => {
  const original = error.config as (AxiosRequestConfig & { _retried?: boolean }) | undefined;
  if (error.response?.status !== 401 || !original || original._retried || original.url?.includes('/auth/')) throw error;
  original._retried = true;
  const token = await refreshSession();
  if (!token) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw error;
  }
  return api(original);
});

/** The API's error envelope, flattened for forms and toasts. */
export function apiError(e: unknown): { message: string; errors: Record<string, string[]> } {
  const data = (e as AxiosError<{ message?: string; errors?: Record<string, string[]> }>).response?.data;
  return { message: data?.message ?? 'Something went wrong. Please try again.', errors: data?.errors ?? {} };
}

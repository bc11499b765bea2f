'use client';
import { ERROR_CODES, type ErrorCode, type ErrorEnvelope, type FieldErrors, type listEnvelope, type successEnvelope, type DataOf, type ZMessageEnvelope } from '@bitflow/contracts';
import axios, { AxiosError, type InternalAxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import { useAuthStore } from '@/stores/auth-store';
import { refreshSession, sessionLost } from './refresh';

// One Axios client for the API on the same origin (no CORS). Every request carries the in-memory
// access token. A 401 triggers one shared refresh (lib/refresh.ts); the failed requests are then
// retried once with the new token. If the session cannot be refreshed, the user goes to /login.

/** The success envelope around `T`, exactly as the contract's successEnvelope() builds it. */
export type Envelope<T> = z.output<ReturnType<typeof successEnvelope<z.ZodType<T>>>>;

/** The data of a list answer (`items` and `pagination`), as the contract's listEnvelope() builds it. */
export type ListPage<T> = DataOf<ReturnType<typeof listEnvelope<z.ZodType<T>>>>;

/** The answer of an action that returns nothing but its message (the contract's ZMessageEnvelope). */
export type MessageEnvelope = z.output<typeof ZMessageEnvelope>;

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

/**
 * The API's error envelope (packages/contracts ErrorEnvelope) flattened for forms, alerts and
 * toasts. `code` is the envelope's stable machine code (errors.ts) — branch on it, never on the
 * message text; it is null when no envelope arrived (network failure, cancelled, not the API).
 */
export type ApiProblem = Pick<ErrorEnvelope, 'message'> & {
  status: number | null;
  code: ErrorCode | null;
  errors: FieldErrors;
};

const isErrorCode = (c: unknown): c is ErrorCode => typeof c === 'string' && Object.hasOwn(ERROR_CODES, c);

/** The API's error envelope flattened for forms, alerts and toasts. */
export function apiError(e: unknown): ApiProblem {
  if (axios.isCancel(e)) return { status: null, code: null, message: 'The request was cancelled.', errors: {} };
  const err = e as AxiosError<Partial<ErrorEnvelope> | undefined>;
  if (!err?.isAxiosError) return { status: null, code: null, message: 'Something went wrong. Please try again.', errors: {} };
  if (!err.response) {
    return { status: null, code: null, message: 'Cannot reach the server. Check your connection and try again.', errors: {} };
  }
  const { status, data } = err.response;
  const fallback = status >= 500 ? 'The server had a problem. Please try again in a moment.' : 'The request could not be completed.';
  const body = data && typeof data === 'object' ? data : undefined;
  return { status, code: isErrorCode(body?.code) ? body.code : null, message: body?.message ?? fallback, errors: body?.errors ?? {} };
}

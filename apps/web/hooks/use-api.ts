'use client';
import axios from 'axios';
import { useCallback, useEffect, useState } from 'react';
import { api, apiError, type ApiProblem, type Envelope } from '@/lib/api';

// One GET whose `data` a page shows: loading, error and a reload for after a change.
// `path` null means "not yet" (e.g. waiting for the signed-in user).
export function useApi<T>(path: string | null, params?: Record<string, string | number | undefined>) {
  const [reload, setReload] = useState(0);
  const key = path === null ? null : JSON.stringify([path, params ?? {}, reload]);
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiProblem }>({ key: null });

  useEffect(() => {
    if (key === null) return;
    const [p, q] = JSON.parse(key) as [string, Record<string, string | number>];
    const controller = new AbortController();
    api.get<Envelope<T>>(p, { params: q, signal: controller.signal }).then(
      (r) => setState({ key, data: r.data.data }),
      (e: unknown) => {
        if (!axios.isCancel(e)) setState((s) => ({ key, data: s.data, error: apiError(e) }));
      },
    );
    return () => controller.abort();
  }, [key]);

  const current = state.key === key;
  const reloadNow = useCallback(() => setReload((n) => n + 1), []);
  return {
    data: state.data,
    error: current ? (state.error ?? null) : null,
    loading: !current,
    reload: reloadNow,
  };
}

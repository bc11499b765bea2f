'use client';
import axios from 'axios';
import { useCallback, useEffect, useState } from 'react';
import { api, apiError, type ApiProblem, type Envelope } from '@/lib/api';

// One GET whose envelope `data` a page shows: loading and error states and a reload for after a
// change. While it reloads (or after a failed reload) the last data for the same path stays on
// screen; another path starts empty. A null path loads nothing yet (e.g. until an id is known).
export function useResource<T>(path: string | null, params?: Record<string, string | number | undefined>) {
  const [reload, setReload] = useState(0);
  const key = path === null ? null : JSON.stringify([path, params ?? {}, reload]);
  const [state, setState] = useState<{ path: string | null; key: string | null; data?: T; error?: ApiProblem }>({ path: null, key: null });

  useEffect(() => {
    if (key === null) return;
    const [p, q] = JSON.parse(key) as [string, Record<string, string | number>];
    const controller = new AbortController();
    api.get<Envelope<T>>(p, { params: q, signal: controller.signal }).then(
      (r) => setState({ path: p, key, data: r.data.data }),
      (e: unknown) => {
        if (!axios.isCancel(e)) setState((s) => ({ path: p, key, data: s.path === p ? s.data : undefined, error: apiError(e) }));
      },
    );
    return () => controller.abort();
  }, [key]);

  const samePath = state.path === path;
  const current = state.key === key;
  return {
    data: samePath ? state.data : undefined,
    error: current ? (state.error ?? null) : null,
    loading: key !== null && !current,
    reload: useCallback(() => setReload((n) => n + 1), []),
    /** Replace the data after a successful update, without a round trip. */
    setData: useCallback((data: T) => setState((s) => ({ ...s, path, data })), [path]),
  };
}

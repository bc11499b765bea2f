'use client';
import axios from 'axios';
import { useCallback, useEffect, useState } from 'react';
import { api, apiError, type ApiProblem, type Envelope } from '@/lib/api';

// One API resource (GET {path} → envelope data) with loading and error states and a reload.
// A null path loads nothing (e.g. until an id is known).
export function useResource<T>(path: string | null) {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiProblem }>({ path: null });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    api.get<Envelope<T>>(path, { signal: controller.signal }).then(
      (r) => setState({ path, data: r.data.data }),
      (e: unknown) => {
        if (!axios.isCancel(e)) setState({ path, error: apiError(e) });
      },
    );
    return () => controller.abort();
  }, [path, reload]);

  const current = state.path === path ? state : { path };
  return {
    data: current.data,
    error: current.error ?? null,
    loading: !!path && !current.data && !current.error,
    reload: useCallback(() => setReload((n) => n + 1), []),
    /** Replace the data after a successful update, without a round trip. */
    setData: useCallback((data: T) => setState({ path, data }), [path]),
  };
}

'use client';
import type { Pagination } from '@bitflow/contracts';
import axios from 'axios';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api, apiError, type ApiProblem, type Envelope } from '@/lib/api';

// Server-side paginated lists (`GET /{resource}?page=&per_page=&q=&sort=`). The state lives in the
// URL so a list can be bookmarked, shared and restored with Back. The previous page stays on screen
// while the next one loads; a newer request cancels an older one.

export interface ListPage<T> {
  items: T[];
  pagination: Pagination;
}

export interface ListParams {
  page: number;
  per_page: number;
  q: string;
  sort: string;
  /** Extra query parameters the list passes through, e.g. status or trashed; '' means unset. */
  filters: Record<string, string>;
}

export type ListPatch = Partial<Omit<ListParams, 'filters'>> & { filters?: Record<string, string> };

export const PER_PAGE_OPTIONS = [15, 25, 50, 100] as const;

interface Result<T> {
  key: string;
  data?: ListPage<T>;
  error?: ApiProblem;
}

export function useListQuery<T>(path: string, defaults: { sort: string; per_page?: number }, filterKeys: readonly string[] = []) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const perPage = Number(search.get('per_page'));
  const params: ListParams = {
    page: Math.max(1, Number(search.get('page')) || 1),
    per_page: (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : (defaults.per_page ?? 15),
    q: search.get('q') ?? '',
    sort: search.get('sort') ?? defaults.sort,
    filters: Object.fromEntries(filterKeys.map((k) => [k, search.get(k) ?? ''])),
  };

  const [reload, setReload] = useState(0);
  const key = JSON.stringify([path, params.page, params.per_page, params.q.trim(), params.sort, params.filters, reload]);
  const [result, setResult] = useState<Result<T> | null>(null);
  const [last, setLast] = useState<ListPage<T> | undefined>(undefined);

  useEffect(() => {
    const [p, page, per_page, q, sort, filters] = JSON.parse(key) as [string, number, number, string, string, Record<string, string>];
    const set = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
    const controller = new AbortController();
    api
      .get<Envelope<ListPage<T>>>(p, { params: { page, per_page, ...(sort ? { sort } : {}), ...set, ...(q ? { q } : {}) }, signal: controller.signal })
      .then(
        (r) => {
          setResult({ key, data: r.data.data });
          setLast(r.data.data);
        },
        (e: unknown) => {
          if (!axios.isCancel(e)) setResult({ key, error: apiError(e) });
        },
      );
    return () => controller.abort();
  }, [key]);

  // Paging and sorting add a history entry (Back undoes them); refining a search replaces it.
  const setParams = useCallback(
    (patch: ListPatch, history: 'push' | 'replace' = 'push') => {
      const next = new URLSearchParams(search.toString());
      const { filters = {}, ...rest } = patch;
      for (const [k, v] of Object.entries({ ...rest, ...filters })) {
        const isDefault = v === '' || (k === 'page' && v === 1) || (k === 'sort' && v === defaults.sort) || (k === 'per_page' && v === (defaults.per_page ?? 15));
        if (isDefault) next.delete(k);
        else next.set(k, String(v));
      }
      const qs = next.toString();
      router[history](qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [search, router, pathname, defaults.sort, defaults.per_page],
  );

  const current = result?.key === key ? result : null;
  return {
    params,
    setParams,
    data: current?.data ?? last,
    error: current?.error ?? null,
    loading: !current,
    retry: () => setReload((n) => n + 1),
  };
}

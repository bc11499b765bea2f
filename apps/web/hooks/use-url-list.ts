'use client';
import axios from 'axios';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api, apiError, type ApiProblem, type Envelope, type ListPage } from '@/lib/api';

// A server-paginated list (`GET /{resource}?page=&per_page=&sort=&…`) whose page, size, sort and
// named filters (q, status, role, date range…) live in the URL, so a list can be bookmarked, shared
// and restored with Back. Empty filters are left out of both the URL and the request; `sort` is sent
// only when the list has one. The previous page stays on screen while the next one loads; a newer
// request cancels an older one.
//
// "Next" follows the API's `next_cursor` where a list hands one out (keyset paging: page 500 costs
// what page 1 does); the cursor rides in the URL next to `page`. Any other change — a page number,
// size, sort or filter — leaves cursor paging, and a cursor the API refuses (edited by hand, or from
// another query) falls back to the page number.

export type { ListPage };

export const PER_PAGE_OPTIONS = [15, 25, 50, 100] as const;

export interface UrlListOptions {
  /** Default sort; leave out for endpoints that take no sort parameter. */
  sort?: string;
  per_page?: number;
  /** Query-string names passed through to the API as they are. */
  filters: readonly string[];
}

export interface UrlListParams {
  page: number;
  /** The `next_cursor` of the previous page, when "Next" got here; '' otherwise. */
  cursor: string;
  per_page: number;
  sort: string;
  filters: Record<string, string>;
}

interface Result<T> {
  key: string;
  data?: ListPage<T>;
  error?: ApiProblem;
}

export function useUrlList<T>(path: string, options: UrlListOptions) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const defaultPerPage = options.per_page ?? 15;

  const perPage = Number(search.get('per_page'));
  const filters: Record<string, string> = {};
  for (const f of options.filters) {
    const v = search.get(f)?.trim();
    if (v) filters[f] = v;
  }
  const params: UrlListParams = {
    page: Math.max(1, Number(search.get('page')) || 1),
    cursor: search.get('cursor') ?? '',
    per_page: (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : defaultPerPage,
    sort: search.get('sort') ?? options.sort ?? '',
    filters,
  };

  const [reload, setReload] = useState(0);
  const key = JSON.stringify([path, params.page, params.per_page, options.sort ? params.sort : null, filters, params.cursor, reload]);
  const [result, setResult] = useState<Result<T> | null>(null);
  const [last, setLast] = useState<ListPage<T> | undefined>(undefined);

  useEffect(() => {
    const [p, page, per_page, sort, f, cursor] = JSON.parse(key) as [string, number, number, string | null, Record<string, string>, string];
    const controller = new AbortController();
    api.get<Envelope<ListPage<T>>>(p, { params: { page, per_page, ...(sort ? { sort } : {}), ...f, ...(cursor ? { cursor } : {}) }, signal: controller.signal }).then(
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

  const setParams = useCallback(
    (patch: Partial<Omit<UrlListParams, 'filters'>> & { filters?: Record<string, string | undefined> }, history: 'push' | 'replace' = 'push') => {
      const next = new URLSearchParams(search.toString());
      const set = (k: string, v: string | number | undefined, isDefault: boolean) => {
        if (v === undefined || v === '' || isDefault) next.delete(k);
        else next.set(k, String(v));
      };
      // Only "Next" carries a cursor; every other change pages by number again.
      set('cursor', patch.cursor, false);
      if (patch.page !== undefined) set('page', patch.page, patch.page === 1);
      if (patch.per_page !== undefined) set('per_page', patch.per_page, patch.per_page === defaultPerPage);
      if (patch.sort !== undefined) set('sort', patch.sort, patch.sort === options.sort);
      for (const [k, v] of Object.entries(patch.filters ?? {})) set(k, v?.trim(), false);
      const qs = next.toString();
      router[history](qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [search, router, pathname, defaultPerPage, options.sort],
  );

  const retry = useCallback(() => setReload((n) => n + 1), [setReload]);
  const current = result?.key === key ? result : null;
  const refusedCursor = Boolean(params.cursor && current?.error?.status === 422);
  useEffect(() => {
    if (refusedCursor) setParams({ page: params.page }, 'replace');
  }, [refusedCursor, setParams, params.page]);
  return { params, setParams, data: current?.data ?? last, error: current?.error ?? null, loading: !current, retry };
}

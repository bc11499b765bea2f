'use client';
import { useCallback } from 'react';
import { useUrlList } from './use-url-list';

export { PER_PAGE_OPTIONS, type ListPage } from './use-url-list';

// useUrlList shaped for ResourceList: the search text `q` on its own, the other filters by name
// (always present, '' when unset), and a default sort ('' for endpoints that take none).

export interface ListParams {
  page: number;
  /** The cursor "Next" followed ('' when paging by number). */
  cursor: string;
  per_page: number;
  q: string;
  sort: string;
  /** Extra query parameters the list passes through, e.g. status or trashed; '' means unset. */
  filters: Record<string, string>;
}

export type ListPatch = Partial<Omit<ListParams, 'filters'>> & { filters?: Record<string, string> };

export function useListQuery<T>(path: string, defaults: { sort: string; per_page?: number }, filterKeys: readonly string[] = []) {
  const list = useUrlList<T>(path, { sort: defaults.sort || undefined, per_page: defaults.per_page, filters: ['q', ...filterKeys] });
  const { setParams: setUrl } = list;
  const params: ListParams = {
    page: list.params.page,
    cursor: list.params.cursor,
    per_page: list.params.per_page,
    sort: list.params.sort,
    q: list.params.filters.q ?? '',
    filters: Object.fromEntries(filterKeys.map((k) => [k, list.params.filters[k] ?? ''])),
  };
  const setParams = useCallback(
    ({ q, filters, ...rest }: ListPatch, history: 'push' | 'replace' = 'push') => setUrl({ ...rest, filters: { ...filters, ...(q === undefined ? {} : { q }) } }, history),
    [setUrl],
  );
  return { ...list, params, setParams };
}

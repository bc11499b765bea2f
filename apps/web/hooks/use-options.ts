'use client';
import type { Option } from '@/components/ui/select-field';
import type { ListPage } from '@/lib/api';
import { useResource } from './use-resource';

// Choices for a select from an API list (first 100, the API's page limit), e.g. the departments a
// student can belong to. The list is already scoped by the API to what the user may see.
export function useOptions<T extends { id: string }>(path: string | null, label: (row: T) => string) {
  const { data, error, loading } = useResource<ListPage<T>>(path ? `${path}${path.includes('?') ? '&' : '?'}per_page=100` : null);
  const options: Option[] = (data?.items ?? []).map((r) => ({ value: r.id, label: label(r) }));
  return { options, rows: data?.items ?? [], error, loading };
}

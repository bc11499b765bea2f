'use client';
import { SearchX } from 'lucide-react';
import { useCallback, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useListQuery } from '@/hooks/use-list-query';
import { DataTable, type Column } from './data-table';
import { Pagination } from './pagination';
import { SearchField } from './search-field';

export interface ResourceListConfig<T> {
  /** API path under /api/v1, e.g. "/students". */
  path: string;
  /** Plural noun for counts and messages, e.g. "students". */
  noun: string;
  defaultSort: string;
  columns: Column<T>[];
  searchLabel: string;
  searchPlaceholder: string;
  emptyTitle: string;
  emptyText: ReactNode;
  rowKey?: (row: T) => string;
}

/** Search, a sortable table and pagination for one API list endpoint, all kept in the URL. */
export function ResourceList<T extends { id: string }>({ config }: { config: ResourceListConfig<T> }) {
  const { params, setParams, data, error, loading, retry } = useListQuery<T>(config.path, { sort: config.defaultSort });
  const searching = params.q.trim() !== '';
  // Starting a search is one step back; each refinement of it is not.
  const onSearch = useCallback((q: string) => setParams({ q, page: 1 }, searching ? 'replace' : 'push'), [setParams, searching]);

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <SearchField id={`${config.noun}-search`} label={config.searchLabel} placeholder={config.searchPlaceholder} value={params.q} onSearch={onSearch} />
      </div>
      <DataTable
        caption={`${config.noun[0]!.toUpperCase()}${config.noun.slice(1)}${searching ? ` matching “${params.q}”` : ''}`}
        columns={config.columns}
        rows={data?.items}
        rowKey={config.rowKey ?? ((r) => r.id)}
        sort={params.sort}
        onSort={(sort) => setParams({ sort, page: 1 })}
        loading={loading}
        error={error}
        onRetry={retry}
        skeletonRows={Math.min(params.per_page, 10)}
        empty={
          searching ? (
            <EmptyState icon={SearchX} title={`No ${config.noun} match “${params.q}”`} action={<Button variant="secondary" size="sm" onClick={() => setParams({ q: '', page: 1 })}>Clear search</Button>}>
              Check the spelling or search by another field.
            </EmptyState>
          ) : (
            <EmptyState title={config.emptyTitle}>{config.emptyText}</EmptyState>
          )
        }
      />
      {!error && <Pagination info={data?.pagination} noun={config.noun} onPage={(page) => setParams({ page })} onPerPage={(per_page) => setParams({ per_page, page: 1 })} />}
    </>
  );
}

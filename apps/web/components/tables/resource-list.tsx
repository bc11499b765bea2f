'use client';
import type { Permission } from '@bitflow/contracts';
import { ArchiveRestore, SearchX, Trash2 } from 'lucide-react';
import { useCallback, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField, type Option } from '@/components/ui/select-field';
import { useListQuery } from '@/hooks/use-list-query';
import { api, apiError } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';
import { DataTable, type Column } from './data-table';
import { Pagination } from './pagination';
import { SearchField } from './search-field';

export interface ListFilter {
  /** The API's query parameter, e.g. "status". */
  key: string;
  label: string;
  /** The empty choice, e.g. "Any status". */
  anyLabel: string;
  options: readonly Option[];
}

export interface ResourceListConfig<T> {
  /** API path under /api/v1, e.g. "/students". */
  path: string;
  /** Plural noun for counts and messages, e.g. "students". */
  noun: string;
  /** Singular label for messages, e.g. "Student". */
  label?: string;
  defaultSort: string;
  columns: Column<T>[];
  searchLabel: string;
  searchPlaceholder: string;
  emptyTitle: string;
  emptyText: ReactNode;
  rowKey?: (row: T) => string;
  filters?: ListFilter[];
  /**
   * Soft-deleted rows: a "Trash" view (`?trashed=only`) with Restore, shown to holders of this
   * permission (the entity's delete permission, which also allows restoring).
   */
  trashPermission?: Permission;
  /** How a row is named in toasts, e.g. "Ada Lovelace". */
  describe?: (row: T) => string;
}

/** Search, filters, a sortable table, pagination and the trash view for one API list, all kept in the URL. */
export function ResourceList<T extends { id: string }>({ config }: { config: ResourceListConfig<T> }) {
  const filterKeys = [...(config.filters ?? []).map((f) => f.key), 'trashed'];
  const { params, setParams, data, error, loading, retry } = useListQuery<T>(config.path, { sort: config.defaultSort }, filterKeys);
  const canTrash = useCan(config.trashPermission);
  const toast = useUiStore((s) => s.toast);
  const [restoring, setRestoring] = useState<string | null>(null);
  const searching = params.q.trim() !== '';
  const inTrash = params.filters.trashed === 'only';
  // Starting a search is one step back; each refinement of it is not.
  const onSearch = useCallback((q: string) => setParams({ q, page: 1 }, searching ? 'replace' : 'push'), [setParams, searching]);

  const restore = async (row: T) => {
    setRestoring(row.id);
    try {
      await api.post(`${config.path}/${row.id}/restore`, {});
      toast(`${config.describe?.(row) ?? config.label ?? 'The record'} was restored.`, 'success');
      retry();
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setRestoring(null);
    }
  };

  const columns: Column<T>[] = inTrash
    ? [
        ...config.columns,
        {
          id: 'restore',
          header: 'Actions',
          align: 'right',
          cell: (row) => (
            <Button size="sm" variant="secondary" loading={restoring === row.id} onClick={() => void restore(row)} aria-label={`Restore ${config.describe?.(row) ?? ''}`.trim()}>
              <ArchiveRestore aria-hidden className="size-4" />
              Restore
            </Button>
          ),
        },
      ]
    : config.columns;

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <SearchField id={`${config.noun}-search`} label={config.searchLabel} placeholder={config.searchPlaceholder} value={params.q} onSearch={onSearch} />
        {config.filters?.map((f) => (
          <SelectField
            key={f.key}
            id={`${config.noun}-filter-${f.key}`}
            label={f.label}
            placeholder={f.anyLabel}
            options={f.options}
            value={params.filters[f.key] ?? ''}
            onChange={(e) => setParams({ filters: { [f.key]: e.target.value }, page: 1 })}
            className="w-full sm:w-44"
          />
        ))}
        {config.trashPermission && canTrash && (
          <Button variant={inTrash ? 'primary' : 'secondary'} aria-pressed={inTrash} onClick={() => setParams({ filters: { trashed: inTrash ? '' : 'only' }, page: 1 })} className="sm:ml-auto">
            <Trash2 aria-hidden className="size-4" />
            {inTrash ? 'Leave trash' : 'Trash'}
          </Button>
        )}
      </div>
      <DataTable
        caption={`${inTrash ? 'Deleted ' : ''}${config.noun}${searching ? ` matching “${params.q}”` : ''}`}
        columns={columns}
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
          ) : inTrash ? (
            <EmptyState icon={Trash2} title="The trash is empty">
              Deleted {config.noun} appear here and can be restored.
            </EmptyState>
          ) : (
            <EmptyState title={config.emptyTitle}>{config.emptyText}</EmptyState>
          )
        }
      />
      {!error && <Pagination info={data?.pagination} noun={config.noun} onPage={(page, cursor) => setParams({ page, cursor })} onPerPage={(per_page) => setParams({ per_page, page: 1 })} />}
    </>
  );
}

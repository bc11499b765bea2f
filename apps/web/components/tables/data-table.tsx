'use client';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import type { ApiProblem } from '@/lib/api';
import { cx } from '@/lib/cx';

// A server-driven table: the caller owns sorting and paging (the API does both); this renders
// headers with sort buttons and aria-sort, skeleton rows, the empty state and the error state.

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The API's sort field; the column is sortable when set. */
  sortKey?: string;
  align?: 'left' | 'right';
  /** Extra classes for both th and td, e.g. "hidden md:table-cell" to drop a column on phones. */
  className?: string;
}

interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  sort: string;
  onSort: (sort: string) => void;
  loading: boolean;
  error: ApiProblem | null;
  onRetry: () => void;
  empty: ReactNode;
  skeletonRows?: number;
  /** Inside a Card: no frame of its own. */
  bare?: boolean;
}

function SortIcon({ dir }: { dir: 'asc' | 'desc' | null }) {
  if (dir === 'asc') return <ArrowUp aria-hidden className="size-3.5" />;
  if (dir === 'desc') return <ArrowDown aria-hidden className="size-3.5" />;
  return <ArrowUpDown aria-hidden className="size-3.5 opacity-40 group-hover:opacity-100" />;
}

export function DataTable<T>({ caption, columns, rows, rowKey, sort, onSort, loading, error, onRetry, empty, skeletonRows = 8, bare = false }: DataTableProps<T>) {
  const sortField = sort.replace(/^-/, '');
  const sortDir: 'asc' | 'desc' = sort.startsWith('-') ? 'desc' : 'asc';
  const cellPad = 'px-4 py-3';

  let body: ReactNode;
  if (error) {
    body = (
      <tr>
        <td colSpan={columns.length} className="p-4">
          <Alert tone="error" title="The list could not be loaded" action={<Button size="sm" variant="secondary" onClick={onRetry}>Try again</Button>}>
            {error.message}
          </Alert>
        </td>
      </tr>
    );
  } else if (!rows) {
    body = Array.from({ length: skeletonRows }, (_, i) => (
      <tr key={i}>
        {columns.map((c) => (
          <td key={c.id} className={cx(cellPad, c.className)}>
            <Skeleton className="h-4 w-full max-w-40" />
          </td>
        ))}
      </tr>
    ));
  } else if (rows.length === 0 && !loading) {
    body = (
      <tr>
        <td colSpan={columns.length}>{empty}</td>
      </tr>
    );
  } else {
    body = rows.map((row) => (
      <tr key={rowKey(row)} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
        {columns.map((c) => (
          <td key={c.id} className={cx(cellPad, c.align === 'right' && 'text-right tabular-nums', c.className)}>
            {c.cell(row)}
          </td>
        ))}
      </tr>
    ));
  }

  return (
    <div className={bare ? undefined : 'overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900'}>
      <div className="overflow-x-auto">
        <table aria-busy={loading} className={cx('min-w-full text-sm transition-opacity', loading && rows && 'opacity-60')}>
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              {columns.map((c) => {
                const dir = c.sortKey && sortField === c.sortKey ? sortDir : null;
                return (
                  <th key={c.id} scope="col" aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined} className={cx('px-4 py-2.5 whitespace-nowrap', c.align === 'right' && 'text-right', c.className)}>
                    {c.sortKey ? (
                      <button
                        type="button"
                        onClick={() => onSort(dir === 'asc' ? `-${c.sortKey}` : c.sortKey!)}
                        className="group -mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-slate-900 dark:hover:text-white"
                      >
                        {c.header}
                        <SortIcon dir={dir} />
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 text-slate-800 dark:divide-slate-800 dark:text-slate-200">{body}</tbody>
        </table>
      </div>
    </div>
  );
}

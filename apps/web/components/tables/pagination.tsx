'use client';
import type { Pagination as PageInfo } from '@bitflow/contracts';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { PER_PAGE_OPTIONS } from '@/hooks/use-url-list';
import { formatNumber } from '@/lib/format';

export function Pagination({ info, noun, onPage, onPerPage }: { info: PageInfo | undefined; noun: string; onPage: (page: number, cursor?: string) => void; onPerPage: (n: number) => void }) {
  const perPageId = useId();
  if (!info) return null;
  const { current_page: page, last_page: last, total, from, to, per_page } = info;
  // A capped total (God Mode over every tenant) knows only that there are more: "Next" goes on by
  // cursor, and the last page (no next cursor) tells the exact total.
  const capped = !!info.total_capped;
  const endKnown = capped && info.next_cursor === null && to !== null;
  const more = page < last || (capped && !!info.next_cursor);
  const shownTotal = endKnown ? to : capped ? Math.max(total, to ?? 0) : total;
  const shownLast = endKnown ? page : capped ? Math.max(last, page) : Math.max(last, 1);
  const plus = capped && !endKnown ? '+' : '';
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-col gap-3 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between dark:text-slate-300">
      <p aria-live="polite">
        {total ? (
          <>
            Showing <span className="font-medium">{formatNumber(from)}</span>–<span className="font-medium">{formatNumber(to)}</span> of{' '}
            <span className="font-medium">{formatNumber(shownTotal)}</span>
            {plus} {noun}
          </>
        ) : (
          `No ${noun}`
        )}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex items-center gap-2">
          <label htmlFor={perPageId}>Rows per page</label>
          <select id={perPageId} value={per_page} onChange={(e) => onPerPage(Number(e.target.value))} className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900">
            {PER_PAGE_OPTIONS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <span className="tabular-nums">
          Page {formatNumber(capped ? page : Math.min(page, shownLast))} of {formatNumber(shownLast)}
          {plus}
        </span>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            <ChevronLeft aria-hidden className="-ml-1 size-4" />
            Previous
          </Button>
          <Button variant="secondary" size="sm" disabled={!more} onClick={() => onPage(page + 1, info.next_cursor ?? undefined)}>
            Next
            <ChevronRight aria-hidden className="-mr-1 size-4" />
          </Button>
        </div>
      </div>
    </nav>
  );
}

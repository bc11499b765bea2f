'use client';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api, type Envelope } from '@/lib/api';

/**
 * Classes for a wrapper around a DataTable: the row holding a <HighlightMark> (a cell renders it
 * for the linked row) is tinted and outlined, as on /reports.
 */
export const HIGHLIGHT_ROWS =
  '[&_tr:has([data-highlighted])]:bg-blue-50 [&_tr:has([data-highlighted])]:ring-2 [&_tr:has([data-highlighted])]:ring-blue-500 [&_tr:has([data-highlighted])]:ring-inset dark:[&_tr:has([data-highlighted])]:bg-blue-500/10';

/**
 * `?highlight=<id>` (where a notification links: /imports?highlight=…, /users?highlight=…): the id,
 * the rows with the linked one put first when it is not among them (one GET of `itemPath(id)`), and
 * whether it could not be found. Once the row is on screen it is scrolled into view.
 */
export function useHighlight<T extends { id: string }>(rows: T[] | undefined, itemPath: (id: string) => string) {
  const highlight = useSearchParams().get('highlight');
  const [linked, setLinked] = useState<T | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const listed = Boolean(highlight && rows?.some((r) => r.id === highlight));

  useEffect(() => {
    if (!highlight || !rows || listed || missing === highlight || linked?.id === highlight) return;
    let live = true;
    api.get<Envelope<T>>(itemPath(encodeURIComponent(highlight))).then(
      (r) => live && setLinked(r.data.data),
      () => live && setMissing(highlight),
    );
    return () => {
      live = false;
    };
  }, [highlight, rows, listed, linked, missing, itemPath]);

  const shown = rows && highlight && !listed && linked?.id === highlight ? [linked, ...rows] : rows;
  const visible = Boolean(highlight && shown?.some((r) => r.id === highlight));
  useEffect(() => {
    if (visible) document.querySelector('[data-highlighted]')?.closest('tr')?.scrollIntoView({ block: 'center' });
  }, [visible]);

  return { highlight, rows: shown, missing: Boolean(highlight && missing === highlight) };
}

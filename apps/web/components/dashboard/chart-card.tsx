import type { ReactNode } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';

/** A titled card that shows a skeleton while loading and an empty state when there is nothing to plot. */
export function ChartCard({ id, title, description, loading, empty, emptyText, children, className }: { id: string; title: string; description?: string; loading: boolean; empty: boolean; emptyText: string; children: ReactNode; className?: string }) {
  return (
    <Card labelledBy={id} className={className}>
      <CardHeader id={id} title={title} description={description} />
      <div className="p-5">
        {loading ? (
          <div role="status" aria-label={`Loading ${title.toLowerCase()}`} className="flex h-[240px] items-end gap-3">
            {[40, 70, 55, 85, 60, 75].map((h, i) => (
              <Skeleton key={i} className="flex-1" style={{ height: `${h}%` }} />
            ))}
          </div>
        ) : empty ? (
          <EmptyState title="Nothing to show yet">{emptyText}</EmptyState>
        ) : (
          children
        )}
      </div>
    </Card>
  );
}

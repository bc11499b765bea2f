import type { Dashboard } from '@bitflow/contracts';
import { Activity } from 'lucide-react';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { formatDateTime, humanize, relativeTime } from '@/lib/format';

export function RecentActivity({ items, loading }: { items: Dashboard['recent_activity'] | undefined; loading: boolean }) {
  return (
    <Card labelledBy="recent-activity">
      <CardHeader id="recent-activity" title="Recent activity" description="The latest changes recorded in the audit trail." />
      {loading ? (
        <div role="status" aria-label="Loading recent activity" className="space-y-4 p-5">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-4 w-full" />
          ))}
        </div>
      ) : !items?.length ? (
        <EmptyState icon={Activity} title="No recent activity">
          Changes to colleges, courses, students and people appear here as they happen.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {items.map((a) => (
            <li key={a.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
              <span className="min-w-0 truncate text-slate-800 dark:text-slate-200">{humanize(a.action)}</span>
              <time dateTime={a.created_at} title={formatDateTime(a.created_at)} className="shrink-0 text-xs text-slate-600 dark:text-slate-400">
                {relativeTime(a.created_at)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

import type { LucideIcon } from 'lucide-react';
import { Skeleton } from '@/components/ui/skeleton';
import { formatNumber } from '@/lib/format';

export function StatCard({ id, label, value, icon: Icon, loading }: { id: string; label: string; value: number | undefined; icon: LucideIcon; loading: boolean }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between gap-2">
        <p id={`stat-${id}`} className="text-sm font-medium text-slate-600 dark:text-slate-400">
          {label}
        </p>
        <Icon aria-hidden className="size-4 text-slate-500 dark:text-slate-400" />
      </div>
      {loading ? (
        <Skeleton className="mt-2 h-8 w-16" />
      ) : (
        <p aria-labelledby={`stat-${id}`} className="mt-1 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-white" data-testid={`count-${id}`}>
          {formatNumber(value)}
        </p>
      )}
    </div>
  );
}

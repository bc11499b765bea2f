'use client';
import type { Notification, ZMarkAllReadEnvelope } from '@bitflow/contracts';
import type { z } from 'zod';
import { BellOff, Check, CheckCheck } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Pagination } from '@/components/tables/pagination';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { AnnounceButton } from './announce-dialog';
import { NotificationTitle } from './notification-title';
import { useUnreadStore } from '@/hooks/use-unread-count';
import { useUrlList } from '@/hooks/use-url-list';
import { api, apiError } from '@/lib/api';
import { cx } from '@/lib/cx';
import { formatDateTime, relativeTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';

const TABS = [
  { value: '', label: 'All' },
  { value: 'true', label: 'Unread' },
] as const;

// Everything the user was told, newest first: an All/Unread filter, mark one or all as read. The
// header bell shares the unread count (hooks/use-unread-count.ts), so both always agree.
export function NotificationsView() {
  const toast = useUiStore((s) => s.toast);
  const unread = useUnreadStore((s) => s.count);
  const version = useUnreadStore((s) => s.version);
  const changed = useUnreadStore((s) => s.changed);
  const { params, setParams, data, error, loading, retry } = useUrlList<Notification>('/notifications', { filters: ['unread'], per_page: 25 });
  const [marking, setMarking] = useState(false);
  const [read, setRead] = useState<Record<string, string>>({});
  const onlyUnread = params.filters.unread === 'true';

  // The bell marked something read: reload to match.
  const lastVersion = useRef(version);
  useEffect(() => {
    if (version !== lastVersion.current) {
      lastVersion.current = version;
      retry();
    }
  }, [version, retry]);

  useEffect(() => {
    void useUnreadStore.getState().refresh().catch(() => undefined);
  }, [data]);

  const markOne = async (n: Notification) => {
    try {
      await api.put(`/notifications/${n.id}/read`, {});
      setRead((r) => ({ ...r, [n.id]: new Date().toISOString() }));
      lastVersion.current += 1;
      changed({ delta: -1 });
    } catch (e) {
      toast(apiError(e).message, 'error');
    }
  };

  const markAll = async () => {
    setMarking(true);
    try {
      const r = await api.post<z.output<typeof ZMarkAllReadEnvelope>>('/notifications/read-all', {});
      lastVersion.current += 1;
      changed({ count: 0 });
      setRead({});
      retry();
      toast(r.data.data.updated ? `Marked ${r.data.data.updated} notification${r.data.data.updated === 1 ? '' : 's'} as read.` : 'Everything was already read.', 'success');
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setMarking(false);
    }
  };

  const items = data?.items.map((n) => (read[n.id] && !n.read_at ? { ...n, read_at: read[n.id]! } : n));

  return (
    <>
      <PageHeader
        title="Notifications"
        crumbs={[{ label: 'Home', href: '/dashboard' }, { label: 'Notifications' }]}
        description={unread ? `${unread} unread.` : 'You are all caught up.'}
        actions={
          <>
            <Button variant="secondary" onClick={() => void markAll()} loading={marking} disabled={unread === 0}>
              <CheckCheck aria-hidden className="size-4" />
              Mark all as read
            </Button>
            <AnnounceButton />
          </>
        }
      />
      <div role="group" aria-label="Show" className="mb-4 inline-flex rounded-lg border border-slate-200 bg-white p-0.5 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        {TABS.map((t) => {
          const active = (params.filters.unread ?? '') === t.value;
          return (
            <button
              key={t.label}
              type="button"
              aria-pressed={active}
              onClick={() => setParams({ filters: { unread: t.value }, page: 1 })}
              className={cx('rounded-md px-3 py-1.5 text-sm font-medium', active ? 'bg-blue-700 text-white dark:bg-blue-600' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800')}
            >
              {t.label}
              {t.value === 'true' && unread > 0 && <span className={cx('ml-1.5 rounded-full px-1.5 text-xs', active ? 'bg-white/20' : 'bg-slate-100 dark:bg-slate-800')}>{unread}</span>}
            </button>
          );
        })}
      </div>
      {error ? (
        <Alert tone="error" title="Notifications could not be loaded" action={<Button size="sm" variant="secondary" onClick={retry}>Try again</Button>}>
          {error.message}
        </Alert>
      ) : (
        <div aria-busy={loading} className={cx('overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity dark:border-slate-800 dark:bg-slate-900', loading && items && 'opacity-60')}>
          {!items ? (
            <div role="status" aria-label="Loading notifications" className="space-y-4 p-5">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-10 w-full" />
              ))}
            </div>
          ) : items.length === 0 ? (
            <EmptyState icon={BellOff} title={onlyUnread ? 'No unread notifications' : 'No notifications yet'}>
              {onlyUnread ? 'Everything has been read.' : 'Reports, imports and changes by your colleagues will be announced here.'}
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Notifications">
              {items.map((n) => (
                <li key={n.id} data-testid="notification" className={cx('flex items-start gap-4 px-5 py-4', !n.read_at && 'bg-blue-50/60 dark:bg-blue-500/10')}>
                  <span aria-hidden className={cx('mt-1.5 size-2 shrink-0 rounded-full', n.read_at ? 'bg-transparent' : 'bg-blue-600')} />
                  <div className="min-w-0 flex-1">
                    <NotificationTitle n={n} />
                    {n.body && <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">{n.body}</p>}
                    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                      <time dateTime={n.created_at} title={formatDateTime(n.created_at)}>
                        {relativeTime(n.created_at)}
                      </time>
                    </p>
                  </div>
                  {!n.read_at && (
                    <Button variant="ghost" size="sm" onClick={() => void markOne(n)} aria-label={`Mark read: ${n.title}`}>
                      <Check aria-hidden className="size-4" />
                      <span className="hidden sm:inline">Mark read</span>
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!error && <Pagination info={data?.pagination} noun="notifications" onPage={(page, cursor) => setParams({ page, cursor })} onPerPage={(per_page) => setParams({ per_page, page: 1 })} />}
    </>
  );
}

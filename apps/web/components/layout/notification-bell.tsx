'use client';
import type { Notification } from '@bitflow/contracts';
import { Bell, BellOff } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { NotificationTitle } from '@/components/notifications/notification-title';
import { Skeleton } from '@/components/ui/skeleton';
import { useDismiss } from '@/hooks/use-dismiss';
import { useNotificationStream } from '@/hooks/use-notification-stream';
import { useUnreadStore } from '@/hooks/use-unread-count';
import { api, apiError, type Envelope, type ListPage } from '@/lib/api';
import { cx } from '@/lib/cx';
import { relativeTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';

const POLL_MS = 60_000;

// The unread badge follows the live stream, and is polled while the tab is visible in case the
// stream is down; the latest notices load when the panel opens.
export function NotificationBell() {
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // Shared with the notifications page, so marking read there clears this badge and vice versa.
  const unread = useUnreadStore((s) => s.count);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useUiStore((s) => s.toast);


  const refreshCount = useCallback(() => {
    // The badge is a hint; a failed poll keeps the last value.
    useUnreadStore.getState().refresh().catch(() => undefined);
  }, []);

  useNotificationStream({
    onReady: (count) => useUnreadStore.getState().set(count),
    onNotification: (n) => {
      toast(n.title, 'info');
      // Also tells the notifications page, if open, to show it.
      useUnreadStore.getState().changed({ delta: 1 });
      setItems((list) => (list ? [n, ...list].slice(0, 6) : list));
    },
  });

  useEffect(() => {
    refreshCount();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refreshCount();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount]);

  const load = useCallback(() => {
    setError(null);
    api.get<Envelope<ListPage<Notification>>>('/notifications', { params: { per_page: 6 } }).then(
      (r) => setItems(r.data.data.items),
      (e: unknown) => setError(apiError(e).message),
    );
  }, []);

  // Read state changed elsewhere (the notifications page): the open panel shows it at once.
  const seenVersion = useRef(0);
  useEffect(() => {
    if (!open) return;
    return useUnreadStore.subscribe((s, prev) => {
      if (s.version === prev.version || s.version === seenVersion.current) return;
      seenVersion.current = s.version;
      load();
    });
  }, [open, load]);

  const toggle = () => {
    if (!open) load();
    setOpen(!open);
  };

  const markAllRead = () => {
    api.post('/notifications/read-all', {}).then(() => {
      seenVersion.current = useUnreadStore.getState().version + 1;
      useUnreadStore.getState().changed({ count: 0 });
      setItems((list) => list?.map((n) => ({ ...n, read_at: n.read_at ?? new Date().toISOString() })) ?? null);
    }, (e: unknown) => setError(apiError(e).message));
  };

  useDismiss(root, open, (reason) => {
    setOpen(false);
    if (reason === 'escape') button.current?.focus();
  });

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        onClick={toggle}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        className="relative rounded-lg p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        <Bell aria-hidden className="size-5" />
        {unread > 0 && (
          <span aria-hidden className="absolute top-1 right-1 grid h-4 min-w-4 place-items-center rounded-full bg-red-600 px-1 text-[10px] leading-none font-semibold text-white ring-2 ring-white dark:ring-slate-900">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} role="region" aria-label="Notifications" className="fixed inset-x-4 top-18 z-40 overflow-hidden rounded-xl sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-2 sm:w-[22rem] border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3 dark:border-slate-800">
            <h2 className="text-sm font-semibold">Notifications</h2>
            {unread > 0 && (
              <Button variant="ghost" size="sm" onClick={markAllRead}>
                Mark all as read
              </Button>
            )}
          </div>
          <div className="max-h-96 overflow-y-auto">
            {error ? (
              <p role="alert" className="px-4 py-6 text-center text-sm text-red-700 dark:text-red-400">
                {error}{' '}
                <button type="button" onClick={load} className="font-medium underline">
                  Retry
                </button>
              </p>
            ) : items === null ? (
              <div className="space-y-3 p-4" role="status" aria-label="Loading notifications">
                <Skeleton className="h-4 w-3/4" />
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-4 w-2/3" />
              </div>
            ) : items.length === 0 ? (
              <div className="flex flex-col items-center gap-2 px-4 py-8 text-center text-sm text-slate-600 dark:text-slate-400">
                <BellOff aria-hidden className="size-5" />
                You are all caught up.
              </div>
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((n) => (
                  <li key={n.id} className={cx('px-4 py-3', !n.read_at && 'bg-blue-50/60 dark:bg-blue-500/10')}>
                    <NotificationTitle n={n} onOpen={() => setOpen(false)} />
                    {n.body && <p className="mt-0.5 line-clamp-2 text-sm text-slate-600 dark:text-slate-400">{n.body}</p>}
                    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                      <time dateTime={n.created_at}>{relativeTime(n.created_at)}</time>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="border-t border-slate-100 px-4 py-2.5 text-center dark:border-slate-800">
            <Link href="/notifications" onClick={() => setOpen(false)} className="text-sm font-medium text-blue-700 hover:underline dark:text-blue-400">
              View all notifications
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}

'use client';
import type { Notification } from '@bitflow/contracts';
import Link from 'next/link';
import { useUnreadStore } from '@/hooks/use-unread-count';
import { api } from '@/lib/api';

const SEVERITY_BADGE = {
  warning: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  critical: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
} as const;

// A notice's title, as a link to what it is about when it has one (the API works `link` out: the
// report, the import, the student, an announcement's page). Opening it marks it read.
export function NotificationTitle({ n, onOpen }: { n: Notification; onOpen?: () => void }) {
  const text = (
    <>
      {!n.read_at && <span className="sr-only">Unread: </span>}
      {n.severity !== 'info' && (
        <span className={`mr-1.5 inline-block rounded px-1.5 py-px align-[1px] text-xs font-semibold ${SEVERITY_BADGE[n.severity]}`}>
          {n.severity === 'critical' ? 'Critical' : 'Warning'}
          <span className="sr-only">{': '}</span>
        </span>
      )}
      {n.title}
    </>
  );
  const cls = 'text-sm font-medium text-slate-900 dark:text-slate-100';
  if (!n.link) return <p className={cls}>{text}</p>;
  const open = () => {
    if (!n.read_at) {
      // The bell and the page share the unread count: both follow at once.
      api.put(`/notifications/${n.id}/read`, {}).then(() => useUnreadStore.getState().changed({ delta: -1 }), () => undefined);
    }
    onOpen?.();
  };
  const linkCls = `${cls} hover:underline focus-visible:underline`;
  return (
    <p>
      {n.link.startsWith('/') ? (
        <Link href={n.link} onClick={open} className={linkCls}>{text}</Link>
      ) : (
        <a href={n.link} target="_blank" rel="noopener noreferrer" onClick={open} className={linkCls}>{text}</a>
      )}
    </p>
  );
}

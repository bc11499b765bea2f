'use client';
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { cx } from '@/lib/cx';
import { useUiStore } from '@/stores/ui-store';

const ICONS = { success: CircleCheck, error: CircleAlert, info: Info };

/** Success and failure messages, announced politely and dismissed after a few seconds. */
export function Toaster() {
  const toasts = useUiStore((s) => s.toasts);
  const dismiss = useUiStore((s) => s.dismissToast);
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((t) => {
        const Icon = ICONS[t.tone];
        return (
          <div key={t.id} className="pointer-events-auto flex items-start gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
            <Icon aria-hidden className={cx('mt-0.5 size-4 shrink-0', t.tone === 'error' ? 'text-red-600' : t.tone === 'success' ? 'text-emerald-600' : 'text-blue-600')} />
            <p className="flex-1 text-slate-800 dark:text-slate-200">{t.message}</p>
            {t.action && (
              <button
                type="button"
                onClick={() => {
                  dismiss(t.id);
                  t.action!.run();
                }}
                className="rounded px-1 font-semibold text-blue-700 hover:underline dark:text-blue-400"
              >
                {t.action.label}
              </button>
            )}
            <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss" className="rounded p-0.5 text-slate-500 hover:text-slate-900 dark:hover:text-white">
              <X aria-hidden className="size-4" />
            </button>
          </div>
        );
      })}
    </div>
  );
}

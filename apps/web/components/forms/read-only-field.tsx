import { Lock } from 'lucide-react';
import { cx } from '@/lib/cx';

/**
 * A value shown in a form but not part of it: personal data masked for the user's role. It is no
 * input (nothing to validate or submit), yet sits in the grid like one, labelled for screen readers.
 */
export function ReadOnlyField({ id, label, value, className }: { id: string; label: string; value: string | null | undefined; className?: string }) {
  return (
    <div className={className}>
      <p id={`${id}-label`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </p>
      <p
        id={id}
        aria-labelledby={`${id}-label ${id}`}
        aria-describedby={`${id}-hint`}
        data-readonly-field
        className={cx('mt-1.5 flex min-h-[38px] items-center gap-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900/60 dark:text-slate-300')}
      >
        <Lock aria-hidden className="size-3.5 shrink-0 text-slate-500 dark:text-slate-400" />
        <span className="truncate font-mono tracking-wide">{value || '—'}</span>
      </p>
      <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
        Hidden from your role; it stays as it is.
      </p>
    </div>
  );
}

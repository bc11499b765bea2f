import { cx } from '@/lib/cx';

/** The Bitflow mark: a stylised "B" built from two stacked flow bars. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={cx('shrink-0', className ?? 'size-8')}>
      <rect width="32" height="32" rx="8" fill="#1d4ed8" />
      <path d="M10 8h8.5a4.5 4.5 0 0 1 0 9H10z" fill="#fff" />
      <path d="M10 17h9.5a3.5 3.5 0 0 1 0 7H10z" fill="#bfdbfe" />
    </svg>
  );
}

export function Logo({ compact }: { compact?: boolean }) {
  return (
    <span className="flex items-center gap-2.5">
      <LogoMark />
      <span className={cx('leading-tight', compact && 'hidden sm:block')}>
        <span className="block text-sm font-semibold text-slate-900 dark:text-white">Bitflow</span>{' '}
        <span className="block text-xs text-slate-600 dark:text-slate-400">Owner Portal</span>
      </span>
    </span>
  );
}

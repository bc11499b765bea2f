import type { CSSProperties } from 'react';
import { cx } from '@/lib/cx';

/** A grey placeholder block while content loads (hidden from assistive technology). */
export function Skeleton({ className, style }: { className?: string; style?: CSSProperties }) {
  return <span aria-hidden style={style} className={cx('block animate-pulse rounded-md bg-slate-200 dark:bg-slate-700/60', className)} />;
}

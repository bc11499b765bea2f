import { LoaderCircle } from 'lucide-react';
import { cx } from '@/lib/cx';

export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <>
      <LoaderCircle aria-hidden className={cx('animate-spin', className ?? 'size-4')} />
      {label && <span className="sr-only">{label}</span>}
    </>
  );
}

import type { InputHTMLAttributes, ReactNode } from 'react';
import { cx } from '@/lib/cx';

export const inputClass =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 transition-colors focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none aria-[invalid=true]:border-red-600 aria-[invalid=true]:focus:ring-red-600/30 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400';

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  trailing?: ReactNode;
}

/** A labelled input; its error and hint are announced through aria-describedby. */
export function TextField({ id, label, error, hint, trailing, className, ...rest }: TextFieldProps) {
  const describedBy = describedByOf(id, error, hint);
  return (
    <div className={className}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        {trailing}
      </div>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={cx(inputClass, 'mt-1.5')} {...rest} />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/** The ids a control's aria-describedby should name for its error and hint. */
export function describedByOf(id: string, error?: string, hint?: ReactNode): string | undefined {
  return [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
}

/** A field's hint (while valid) and its error, with the ids describedByOf() names. */
export function FieldMessages({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </>
  );
}

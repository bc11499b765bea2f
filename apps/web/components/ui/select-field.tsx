import type { ReactNode, SelectHTMLAttributes } from 'react';
import { cx } from '@/lib/cx';
import { describedByOf, FieldMessages, inputClass } from './text-field';

export interface Option {
  value: string;
  label: string;
}

/** The look of a native select, for the rare select that is not a SelectField. */
export const selectClass = cx(inputClass, 'h-10 py-0');

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  id: string;
  label: string;
  /** The choices; or pass <option> children. */
  options?: readonly Option[];
  /** Label of a first, empty choice ("Any status"); omitted when the field must have a value. */
  placeholder?: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled native select (keyboard and screen-reader behaviour for free); errors as in TextField. */
export function SelectField({ id, label, options, placeholder, error, hint, className, children, ...rest }: SelectFieldProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedByOf(id, error, hint)} className={cx(selectClass, 'mt-1.5')} {...rest}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

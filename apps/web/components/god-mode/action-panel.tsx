'use client';
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';

/**
 * An inline form above a list for one row's action (suspend, impersonate). Focus moves into it when
 * it opens and Escape closes it, so it works from the keyboard like a dialog without trapping focus.
 */
export function ActionPanel({ id, title, description, submitLabel, danger, busy, onSubmit, onCancel, children }: {
  id: string;
  title: string;
  description?: string;
  submitLabel: string;
  danger?: boolean;
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('select, textarea, input')?.focus();
  }, [id]);
  return (
    <Card labelledBy={id} className="mb-6 border-blue-200 dark:border-blue-900">
      <CardHeader id={id} title={title} description={description} />
      <form ref={ref} onSubmit={onSubmit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} noValidate className="space-y-4 p-5">
        {children}
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} loading={busy}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Card>
  );
}

export const textareaClass =
  'mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

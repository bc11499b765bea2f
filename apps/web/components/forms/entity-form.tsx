'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '@/components/auth/server-errors';
import { FormActions } from '@/components/forms/form-actions';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { SelectField, type Option } from '@/components/ui/select-field';
import { describedByOf, FieldMessages, inputClass, TextField } from '@/components/ui/text-field';
import { useOptions } from '@/hooks/use-options';
import { api, apiError, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';

// One create/edit form for the simpler records (colleges, departments, courses, faculty,
// universities), driven by a list of fields and validated with the API's own zod schema. Blank
// optional fields are sent as null; on edit only the changed fields are sent. The API's 422/409
// field errors land on their fields, anything else above the form.

export interface FieldDef {
  name: string;
  label: string;
  kind?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'number' | 'textarea' | 'select';
  /** Fixed choices, or an API list to load them from (first 100, already scoped by the API). */
  options?: readonly Option[] | { path: string; label: (row: Record<string, string>) => string };
  placeholder?: string;
  hint?: string;
  /** Blank is sent as null (the field can be cleared). */
  nullable?: boolean;
  /** Blank is left out (the API's default applies). Selects without `nullable` behave so. */
  optional?: boolean;
  /** Only when creating (e.g. the college a course belongs to cannot change). */
  createOnly?: boolean;
  wide?: boolean;
}

interface EntityFormProps<T> {
  /** API path of the collection, e.g. "/colleges". */
  path: string;
  fields: FieldDef[];
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  /** The record being edited; absent when creating. */
  record?: T & { id: string };
  submitLabel: string;
  cancelHref: string;
  onSaved: (row: T & { id: string }) => void;
}

export function EntityForm<T>({ path, fields, createSchema, updateSchema, record, submitLabel, cancelHref, onSaved }: EntityFormProps<T>) {
  const editing = !!record;
  const shown = fields.filter((f) => !(editing && f.createOnly));
  const [formError, setFormError] = useState<string | null>(null);
  const defaults = Object.fromEntries(shown.map((f) => [f.name, (record as Record<string, unknown> | undefined)?.[f.name] ?? (f.kind === 'number' ? undefined : '')]));
  const { register, handleSubmit, setError, formState } = useForm<FieldValues>({
    resolver: zodResolver((editing ? updateSchema : createSchema) as z.ZodType<FieldValues, FieldValues>),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, dirtyFields } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const body = editing ? Object.fromEntries(Object.entries(values).filter(([k]) => dirtyFields[k])) : values;
    if (editing && Object.keys(body).length === 0) return onSaved(record);
    try {
      const res = editing ? await api.put<Envelope<T & { id: string }>>(`${path}/${record.id}`, body) : await api.post<Envelope<T & { id: string }>>(path, body);
      onSaved(res.data.data);
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), shown.map((f) => f.name) as Path<FieldValues>[], setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Card>
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          {shown.map((f) => {
            const id = `field-${f.name}`;
            const error = errors[f.name]?.message as string | undefined;
            const reg = register(f.name, {
              setValueAs: (v: unknown) => {
                if (v !== '' && v !== undefined) return f.kind === 'number' ? Number(v) : v;
                if (f.nullable) return null;
                return f.optional || f.kind === 'select' || f.kind === 'number' ? undefined : v;
              },
            });
            const common = { id, label: f.label, error, hint: f.hint, className: f.wide || f.kind === 'textarea' ? 'sm:col-span-2' : undefined };
            if (f.kind === 'select') return <RemoteSelect key={f.name} field={f} {...common} {...reg} />;
            if (f.kind === 'textarea') {
              return (
                <div key={f.name} className={common.className}>
                  <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">{f.label}</label>
                  <textarea id={id} rows={3} placeholder={f.placeholder} aria-invalid={error ? true : undefined} aria-describedby={describedByOf(id, error, f.hint)} className={cx(inputClass, 'mt-1.5')} {...reg} />
                  <FieldMessages id={id} error={error} hint={f.hint} />
                </div>
              );
            }
            return <TextField key={f.name} type={f.kind ?? 'text'} placeholder={f.placeholder} autoComplete="off" {...common} {...reg} />;
          })}
        </div>
      </Card>
      <FormActions cancelHref={cancelHref} submitLabel={submitLabel} submitting={isSubmitting} />
    </form>
  );
}

/** A select whose choices are fixed or loaded from an API list. */
function RemoteSelect({ field, ...props }: { field: FieldDef; id: string; label: string; error?: string; hint?: string; className?: string } & ReturnType<ReturnType<typeof useForm>['register']>) {
  const remote = field.options && !Array.isArray(field.options) ? (field.options as { path: string; label: (row: Record<string, string>) => string }) : null;
  const loaded = useOptions<Record<string, string> & { id: string }>(remote?.path ?? null, remote?.label ?? (() => ''));
  // Mounted with its choices only: the form puts the current value in when the select attaches.
  if (remote && loaded.loading) return <SelectField id={props.id} label={props.label} className={props.className} disabled placeholder="Loading…" />;
  const options = remote ? loaded.options : ((field.options as readonly Option[] | undefined) ?? []);
  return <SelectField {...props} options={options} placeholder={field.placeholder ?? (field.nullable ? '—' : 'Choose…')} />;
}

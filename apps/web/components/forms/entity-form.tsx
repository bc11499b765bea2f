'use client';
import type { College, Department } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '@/components/auth/server-errors';
import { FormActions } from '@/components/forms/form-actions';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { SelectField, type Option } from '@/components/ui/select-field';
import { describedByOf, FieldMessages, inputClass, TextField } from '@/components/ui/text-field';
import { useOptions } from '@/hooks/use-options';
import { ReadOnlyField } from './read-only-field';
import { api, apiError, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';

// One create/edit form for the simpler records (colleges, departments, courses, faculty,
// universities), driven by a list of fields and validated with the API's own zod schema. Blank
// optional fields are sent as null; on edit only the changed fields are sent. The API's 422/409
// field errors land on their fields, anything else above the form. Personal fields masked for the
// user's role are shown read-only and left out of the form (their masked value would not validate).

/** A row of the API lists the selects load their choices from (colleges, departments). */
export type OptionRow = College | Department;

/** Choices loaded from an API list; `path` may depend on another field's value (e.g. the chosen college). */
export interface RemoteOptions {
  path: string | ((dependency: string | undefined) => string | null);
  label: (row: OptionRow) => string;
  /** The field whose value `path` reads; changing it clears this field. */
  dependsOn?: string;
  /** Shown while `path` gives null, e.g. "Choose a college first". */
  waiting?: string;
}

export interface FieldDef {
  name: string;
  label: string;
  kind?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'number' | 'textarea' | 'select';
  /** Fixed choices, or an API list to load them from (first 100, already scoped by the API). */
  options?: readonly Option[] | RemoteOptions;
  placeholder?: string;
  hint?: string;
  /** Blank is sent as null (the field can be cleared). */
  nullable?: boolean;
  /** Blank is left out (the API's default applies). Selects without `nullable` behave so. */
  optional?: boolean;
  /** Only when creating (e.g. the college a course belongs to cannot change). */
  createOnly?: boolean;
  wide?: boolean;
  /** Personal data: masked (and so read-only here) unless the user may view it. */
  sensitive?: boolean;
}

const remoteOf = (f: FieldDef) => (f.options && !Array.isArray(f.options) ? (f.options as RemoteOptions) : null);

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
  const row = record as Record<string, unknown> | undefined;
  const masked = !!row?.personal_data_masked;
  const visible = fields.filter((f) => !(editing && f.createOnly));
  const shown = visible.filter((f) => !(masked && f.sensitive));
  const [formError, setFormError] = useState<string | null>(null);
  const defaults = Object.fromEntries(shown.map((f) => [f.name, row?.[f.name] ?? (f.kind === 'number' ? undefined : '')]));
  const { register, handleSubmit, setError, setValue, control, formState } = useForm<FieldValues>({
    resolver: zodResolver((editing ? updateSchema : createSchema) as z.ZodType<FieldValues, FieldValues>),
    defaultValues: defaults,
  });
  const { errors, isSubmitting, dirtyFields } = formState;
  // Values other fields' choices depend on (the chosen college of a new course). On edit such a field
  // may be create-only and absent from the form: then the record's value applies.
  const dependencies = [...new Set(shown.map((f) => remoteOf(f)?.dependsOn).filter((n): n is string => !!n && shown.some((s) => s.name === n)))];
  const watched = useWatch({ control, name: dependencies }) as unknown[];
  const valueOf = (name: string) => ((dependencies.includes(name) ? watched[dependencies.indexOf(name)] : row?.[name]) as string | undefined) || undefined;

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
          {visible.map((f) => {
            const id = `field-${f.name}`;
            const wide = f.wide || f.kind === 'textarea' ? 'sm:col-span-2' : undefined;
            if (masked && f.sensitive) return <ReadOnlyField key={f.name} id={id} label={f.label} value={row?.[f.name] as string | null} className={wide} />;
            const error = errors[f.name]?.message as string | undefined;
            const dependents = shown.filter((d) => remoteOf(d)?.dependsOn === f.name);
            const reg = register(f.name, {
              setValueAs: (v: unknown) => {
                if (v !== '' && v !== undefined) return f.kind === 'number' ? Number(v) : v;
                if (f.nullable) return null;
                return f.optional || f.kind === 'select' || f.kind === 'number' ? undefined : v;
              },
              // A choice that depended on the old value (a department of another college) is cleared.
              ...(dependents.length ? { onChange: () => dependents.forEach((d) => setValue(d.name, d.nullable ? null : undefined, { shouldDirty: true })) } : {}),
            });
            const common = { id, label: f.label, error, hint: f.hint, className: wide };
            if (f.kind === 'select') {
              const remote = remoteOf(f);
              const dependency = remote?.dependsOn ? valueOf(remote.dependsOn) : undefined;
              const path = remote ? (typeof remote.path === 'function' ? remote.path(dependency) : remote.path) : null;
              return <RemoteSelect key={f.name} field={f} path={path} {...common} {...reg} />;
            }
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

/** A select whose choices are fixed or loaded from an API list (`path`, null while it waits for its dependency). */
function RemoteSelect({ field, path, ...props }: { field: FieldDef; path: string | null; id: string; label: string; error?: string; hint?: string; className?: string } & ReturnType<ReturnType<typeof useForm>['register']>) {
  const remote = remoteOf(field);
  const loaded = useOptions<OptionRow>(path, remote?.label ?? (() => ''));
  if (remote && !path) return <SelectField id={props.id} label={props.label} className={props.className} hint={props.hint} disabled placeholder={remote.waiting ?? 'Choose…'} />;
  // Mounted with its choices only: the form puts the current value in when the select attaches.
  // Keyed by path, so new choices (another college's departments) mount afresh with the form's value.
  if (remote && loaded.loading) return <SelectField key={path} id={props.id} label={props.label} className={props.className} disabled placeholder="Loading…" />;
  const options = remote ? loaded.options : ((field.options as readonly Option[] | undefined) ?? []);
  return <SelectField {...props} options={options} placeholder={field.placeholder ?? (field.nullable ? '—' : 'Choose…')} />;
}

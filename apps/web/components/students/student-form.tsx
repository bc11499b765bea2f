'use client';
import { STUDENT_STATUSES, ZCreateStudentRequest, ZUpdateStudentRequest, type CreateStudentRequest, type Department, type Student } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { applyServerErrors } from '@/components/auth/server-errors';
import { FormActions } from '@/components/forms/form-actions';
import { Alert } from '@/components/ui/alert';
import { Card, CardHeader } from '@/components/ui/card';
import { ReadOnlyField } from '@/components/forms/read-only-field';
import { SelectField } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { useOptions } from '@/hooks/use-options';
import { api, apiError, type Envelope } from '@/lib/api';
import { humanize } from '@/lib/format';

// Create or edit a student with the API's own schema (packages/contracts). Blank optional fields
// are sent as null (cleared); on edit only the fields the user changed are sent. Personal data the
// role may not see (personal_data_masked) is shown read-only and is not part of the form at all:
// loaded into inputs, the masked values ("••••-••-••") failed validation and no save went through.
// The API's 422/409 field errors land on the fields.

const FIELDS = ['department_id', 'admission_number', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth', 'address', 'national_id', 'program', 'year_of_study', 'admission_date', 'status'] as const;
const SENSITIVE = ['phone', 'date_of_birth', 'address', 'national_id'] as const;
const PERSONAL_LABELS = { phone: 'Phone', date_of_birth: 'Date of birth', national_id: 'National id', address: 'Address' } as const;
const blankToNull = { setValueAs: (v: unknown) => (v === '' ? null : v) };
const toNumber = { setValueAs: (v: unknown) => (v === '' || v === undefined ? undefined : Number(v)) };
const STATUS_OPTIONS = STUDENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }));
const YEAR_OPTIONS = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: `Year ${i + 1}` }));

function initialValues(s?: Student) {
  const values = {
    department_id: s?.department_id ?? '',
    admission_number: s?.admission_number ?? '',
    first_name: s?.first_name ?? '',
    last_name: s?.last_name ?? '',
    email: s?.email ?? '',
    phone: s?.phone ?? '',
    date_of_birth: s?.date_of_birth ?? '',
    address: s?.address ?? '',
    national_id: s?.national_id ?? '',
    program: s?.program ?? '',
    year_of_study: s?.year_of_study ?? 1,
    admission_date: s?.admission_date ?? '',
    status: (s?.status ?? 'active') as CreateStudentRequest['status'],
  };
  if (s?.personal_data_masked) for (const f of SENSITIVE) delete (values as Partial<typeof values>)[f];
  return values;
}

export function StudentForm({ student, onSaved, cancelHref }: { student?: Student; onSaved: (s: Student) => void; cancelHref: string }) {
  const editing = !!student;
  const masked = !!student?.personal_data_masked;
  const [formError, setFormError] = useState<string | null>(null);
  const departments = useOptions<Department>('/departments?sort=name', (d) => `${d.name} (${d.code})`);
  const { register, handleSubmit, setError, formState } = useForm<CreateStudentRequest>({
    resolver: zodResolver(editing ? (ZUpdateStudentRequest as unknown as typeof ZCreateStudentRequest) : ZCreateStudentRequest),
    defaultValues: initialValues(student) as CreateStudentRequest,
  });
  const { errors, isSubmitting, dirtyFields } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const body = editing ? Object.fromEntries(Object.entries(values).filter(([k]) => dirtyFields[k as keyof typeof dirtyFields])) : values;
    if (editing && Object.keys(body).length === 0) {
      onSaved(student);
      return;
    }
    try {
      const res = editing ? await api.put<Envelope<Student>>(`/students/${student.id}`, body) : await api.post<Envelope<Student>>('/students', body);
      onSaved(res.data.data);
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), FIELDS as unknown as Path<CreateStudentRequest>[], setError));
    }
  });

  const field = (name: (typeof FIELDS)[number]) => ({ id: `student-${name}`, error: errors[name]?.message });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Card labelledBy="student-academic">
        <CardHeader id="student-academic" title="Academic record" description="Where the student belongs and how far along they are." />
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          <TextField label="Admission number" autoComplete="off" spellCheck={false} {...field('admission_number')} {...register('admission_number')} />
          {departments.loading ? (
            // Mounted with its choices only, so an edited student's department shows as selected.
            <SelectField id="student-department_id" label="Department" disabled placeholder="Loading departments…" />
          ) : (
          <SelectField
            label="Department"
            placeholder="Choose a department"
            options={departments.options}
            hint={departments.error ? `Departments could not be loaded: ${departments.error.message}` : undefined}
            {...field('department_id')}
            {...register('department_id')}
          />
          )}
          <TextField label="Programme" placeholder="e.g. BSc Computer Science" {...field('program')} {...register('program', blankToNull)} />
          <SelectField label="Year of study" options={YEAR_OPTIONS} {...field('year_of_study')} {...register('year_of_study', toNumber)} />
          <TextField label="Admission date" type="date" {...field('admission_date')} {...register('admission_date', blankToNull)} />
          <SelectField label="Status" options={STATUS_OPTIONS} {...field('status')} {...register('status')} />
        </div>
      </Card>
      <Card labelledBy="student-personal">
        <CardHeader
          id="student-personal"
          title="Personal details"
          description={masked ? 'Phone, date of birth, address and national id are hidden from your role and cannot be changed here.' : 'Phone, date of birth, address and national id are encrypted at rest.'}
        />
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          <TextField label="First name" autoComplete="off" {...field('first_name')} {...register('first_name')} />
          <TextField label="Last name" autoComplete="off" {...field('last_name')} {...register('last_name')} />
          <TextField label="E-mail" type="email" autoComplete="off" spellCheck={false} {...field('email')} {...register('email', blankToNull)} />
          {masked ? (
            (['phone', 'date_of_birth', 'national_id', 'address'] as const).map((f) => (
              <ReadOnlyField key={f} id={`student-${f}`} label={PERSONAL_LABELS[f]} value={student?.[f]} className={f === 'address' ? 'sm:col-span-2' : undefined} />
            ))
          ) : (
            <>
              <TextField label="Phone" type="tel" autoComplete="off" {...field('phone')} {...register('phone', blankToNull)} />
              <TextField label="Date of birth" type="date" {...field('date_of_birth')} {...register('date_of_birth', blankToNull)} />
              <TextField label="National id" autoComplete="off" {...field('national_id')} {...register('national_id', blankToNull)} />
              <TextField label="Address" autoComplete="off" className="sm:col-span-2" {...field('address')} {...register('address', blankToNull)} />
            </>
          )}
        </div>
      </Card>
      <FormActions cancelHref={cancelHref} submitLabel={editing ? 'Save changes' : 'Create student'} submitting={isSubmitting} />
    </form>
  );
}

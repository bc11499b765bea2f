'use client';
import type { Course, DataOf, Enrollment, Student, ZEnrollmentListEnvelope } from '@bitflow/contracts';
import { useState } from 'react';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/select-field';
import { StatusBadge } from '@/components/ui/status-badge';
import { useOptions } from '@/hooks/use-options';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { formatTerm } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';

/** A student's enrolments, enrolling in an open course and dropping one (capacity and duplicates are the API's 409s). */
export function StudentEnrollments({ student }: { student: Student }) {
  const toast = useUiStore((s) => s.toast);
  const canEnroll = useCan('enrollments.create');
  const canUpdate = useCan('enrollments.update');
  const { data, error, reload } = useResource<DataOf<typeof ZEnrollmentListEnvelope>>(`/students/${student.id}/enrollments?per_page=100`);
  const courses = useOptions<Course>(canEnroll ? '/courses?status=active&sort=code' : null, (c) => `${c.code} · ${c.title} (${formatTerm(c.term)}, ${c.seats_left} seats left)`);
  const [courseId, setCourseId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [enrollError, setEnrollError] = useState<string | null>(null);

  const enroll = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!courseId) {
      setEnrollError('Choose a course.');
      return;
    }
    setBusy('enroll');
    setEnrollError(null);
    try {
      await api.post(`/students/${student.id}/enrollments`, { course_id: courseId });
      toast('Enrolled.', 'success');
      setCourseId('');
      reload();
    } catch (err) {
      const p = apiError(err);
      setEnrollError(p.errors.course_id?.[0] ?? p.message);
    } finally {
      setBusy(null);
    }
  };

  const drop = async (en: Enrollment) => {
    setBusy(en.id);
    try {
      await api.put(`/enrollments/${en.id}`, { status: 'dropped' });
      toast(`Dropped ${en.course.code}.`, 'success');
      reload();
    } catch (err) {
      toast(apiError(err).message, 'error');
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<Enrollment>[] = [
    {
      id: 'course',
      header: 'Course',
      cell: (en) => (
        <>
          <span className="font-mono text-xs">{en.course.code}</span> <span className="text-slate-800 dark:text-slate-200">{en.course.title}</span>
        </>
      ),
    },
    { id: 'term', header: 'Term', cell: (en) => <span className="whitespace-nowrap">{formatTerm(en.term)}</span> },
    { id: 'status', header: 'Status', cell: (en) => <StatusBadge status={en.status} /> },
    { id: 'grade', header: 'Grade', cell: (en) => en.grade ?? '—' },
    ...(canUpdate
      ? [
          {
            id: 'actions',
            header: 'Actions',
            align: 'right' as const,
            cell: (en: Enrollment) =>
              en.status === 'enrolled' && (
                <Button size="sm" variant="secondary" loading={busy === en.id} onClick={() => void drop(en)} aria-label={`Drop ${en.course.code}`}>
                  Drop
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card labelledBy="student-enrollments">
      <CardHeader id="student-enrollments" title="Enrolments" description="Courses this student is taking or has taken." />
      {canEnroll && (
        <form onSubmit={enroll} noValidate className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-4 dark:border-slate-800">
          <SelectField
            id="enroll-course"
            label="Enrol in a course"
            placeholder={courses.loading ? 'Loading courses…' : 'Choose a course'}
            options={courses.options}
            value={courseId}
            onChange={(e) => setCourseId(e.target.value)}
            error={enrollError ?? undefined}
            className="min-w-0 flex-1"
          />
          <Button type="submit" loading={busy === 'enroll'}>
            Enrol
          </Button>
        </form>
      )}
      <DataTable
        bare
        caption={`Enrolments of ${student.first_name} ${student.last_name}`}
        columns={columns}
        rows={data?.items}
        rowKey={(en) => en.id}
        sort=""
        onSort={() => undefined}
        loading={!data && !error}
        error={error}
        onRetry={reload}
        skeletonRows={2}
        empty={<EmptyState title="No enrolments yet">{canEnroll ? 'Enrol the student in a course above.' : 'Courses this student takes appear here.'}</EmptyState>}
      />
    </Card>
  );
}

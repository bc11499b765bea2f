'use client';
import type { Dashboard } from '@bitflow/contracts';
import { BookOpen, ClipboardList, GraduationCap, Landmark, Library, UsersRound, type LucideIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { api, apiError, type ApiProblem, type Envelope } from '@/lib/api';
import { formatMonth, formatTerm, humanize } from '@/lib/format';
import { useUserStore } from '@/stores/user-store';
import { ChartCard } from './chart-card';
import { PlatformOverview } from './platform-overview';
import { RecentActivity } from './recent-activity';
import { StatCard } from './stat-card';

// Recharts (~100 kB) loads after the page is interactive, not in the route's first load.
const chartFallback = () => <Skeleton className="h-[240px] w-full" />;
const BarSeries = dynamic(() => import('./charts').then((m) => m.BarSeries), { ssr: false, loading: chartFallback });
const DonutSeries = dynamic(() => import('./charts').then((m) => m.DonutSeries), { ssr: false, loading: chartFallback });

const STATS: { id: keyof Dashboard['counts']; label: string; icon: LucideIcon }[] = [
  { id: 'colleges', label: 'Colleges', icon: Landmark },
  { id: 'departments', label: 'Departments', icon: Library },
  { id: 'courses', label: 'Courses', icon: BookOpen },
  { id: 'students', label: 'Students', icon: GraduationCap },
  { id: 'faculty', label: 'Faculty', icon: UsersRound },
  { id: 'enrollments', label: 'Enrolments', icon: ClipboardList },
];

const SCOPE_TEXT = { platform: 'every university on the platform', university: 'your university', college: 'your college' } as const;

export function DashboardView() {
  const me = useUserStore((s) => s.me);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ attempt: number; data?: Dashboard; error?: ApiProblem } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.get<Envelope<Dashboard>>('/dashboard', { signal: controller.signal }).then(
      (r) => setResult({ attempt, data: r.data.data }),
      (e: unknown) => {
        if (!controller.signal.aborted) setResult({ attempt, error: apiError(e) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const current = result?.attempt === attempt ? result : null;
  const loading = !current;
  const data = current?.data;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            Welcome back, <span className="font-medium text-slate-800 dark:text-slate-200">{me?.user.name}</span>. Here is how {SCOPE_TEXT[me?.scope.level ?? 'university']} is doing today.
          </>
        }
      />
      {current?.error && (
        <Alert tone="error" title="The dashboard could not be loaded" className="mb-6" action={<Button size="sm" variant="secondary" onClick={() => setAttempt((n) => n + 1)}>Try again</Button>}>
          {current.error.message}
        </Alert>
      )}
      <section aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {STATS.map((s) => (
          <StatCard key={s.id} id={s.id} label={s.label} icon={s.icon} value={data?.counts[s.id]} loading={loading} />
        ))}
      </section>

      {!current?.error && (
        <>
          <div className="mt-6 grid gap-6 lg:grid-cols-2">
            <ChartCard id="chart-enrolments-month" title="Enrolments per month" description="New enrolments over the last 12 months." loading={loading} empty={!data?.enrollments_by_month.length} emptyText="Enrolments appear here once students join courses.">
              {data && <BarSeries caption="Enrolments per month" unit="Enrolments" data={data.enrollments_by_month.map((b) => ({ label: formatMonth(b.key), count: b.count }))} />}
            </ChartCard>
            <ChartCard id="chart-students-status" title="Students by status" description="Every student record by its current status." loading={loading} empty={!data?.students_by_status.length} emptyText="Add students to see how they are distributed.">
              {data && <DonutSeries caption="Students by status" unit="Students" data={data.students_by_status.map((b) => ({ label: humanize(b.key), count: b.count }))} />}
            </ChartCard>
            <ChartCard id="chart-students-department" title="Students by department" description="The largest departments by enrolled students." loading={loading} empty={!data?.students_by_department.length} emptyText="Departments appear here once they have students.">
              {data && <BarSeries horizontal caption="Students by department" unit="Students" data={data.students_by_department.slice(0, 8).map((d) => ({ label: d.name, count: d.count }))} />}
            </ChartCard>
            <ChartCard id="chart-enrolments-term" title="Enrolments by term" loading={loading} empty={!data?.enrollments_by_term.length} emptyText="Terms appear here once courses have enrolments.">
              {data && <BarSeries caption="Enrolments by term" unit="Enrolments" data={data.enrollments_by_term.map((b) => ({ label: formatTerm(b.key), count: b.count }))} />}
            </ChartCard>
          </div>
          {data?.platform && <PlatformOverview platform={data.platform} />}
          <div className="mt-6">
            <RecentActivity items={data?.recent_activity} loading={loading} />
          </div>
        </>
      )}
    </>
  );
}

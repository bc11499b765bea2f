import type { DashboardPlatform } from '@bitflow/contracts';
import { Card, CardHeader } from '@/components/ui/card';
import { formatNumber, humanize } from '@/lib/format';

/** God Mode only: every tenant at a glance. */
export function PlatformOverview({ platform }: { platform: DashboardPlatform }) {
  return (
    <Card labelledBy="platform-overview" className="mt-6">
      <CardHeader
        id="platform-overview"
        title="Universities on the platform"
        description={`${formatNumber(platform.active_universities)} active of ${formatNumber(platform.universities)} · ${formatNumber(platform.users)} users`}
      />
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-5 py-2.5">University</th>
              <th scope="col" className="px-5 py-2.5">Status</th>
              <th scope="col" className="px-5 py-2.5 text-right">Students</th>
              <th scope="col" className="px-5 py-2.5 text-right">Users</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {platform.top_universities.map((u) => (
              <tr key={u.id}>
                <td className="px-5 py-3">
                  <span className="font-medium text-slate-900 dark:text-slate-100">{u.name}</span>
                  <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{u.code}</span>
                </td>
                <td className="px-5 py-3">{humanize(u.status)}</td>
                <td className="px-5 py-3 text-right tabular-nums">{formatNumber(u.students)}</td>
                <td className="px-5 py-3 text-right tabular-nums">{formatNumber(u.users)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

'use client';
import type { Tenant } from '@bitflow/contracts';
import { Ban, Play, UserCog } from 'lucide-react';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { Button } from '@/components/ui/button';
import { NewButton } from '@/components/tables/record-links';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDateTime, formatNumber } from '@/lib/format';
import { ImpersonateForm } from './impersonate-form';
import { SuspendForm } from './suspend-form';

type Panel = { kind: 'suspend' | 'impersonate'; tenant: Tenant } | null;

// God Mode: every university with its usage; suspend or reactivate one; act as one of its users.
export function TenantsView() {
  const [panel, setPanel] = useState<Panel>(null);
  const [version, setVersion] = useState(0);

  const config: ResourceListConfig<Tenant> = {
    path: '/god-mode/tenants',
    noun: 'universities',
    label: 'University',
    defaultSort: '',
    searchLabel: 'Search universities',
    searchPlaceholder: 'Name or code',
    emptyTitle: 'No universities yet',
    emptyText: 'Universities appear here once they are created.',
    filters: [{ key: 'status', label: 'Status', anyLabel: 'Any status', options: [{ value: 'active', label: 'Active' }, { value: 'suspended', label: 'Suspended' }] }],
    columns: [
      {
        id: 'name',
        header: 'University',
        cell: (t) => (
          <div className="min-w-44">
            <p className="font-medium text-slate-900 dark:text-slate-100">{t.name}</p>
            <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.code}</p>
          </div>
        ),
      },
      { id: 'status', header: 'Status', cell: (t) => (
        <div>
          <StatusBadge status={t.status} />
          {t.suspended_reason && <p className="mt-1 max-w-48 text-xs text-slate-600 dark:text-slate-400">{t.suspended_reason}</p>}
        </div>
      ) },
      { id: 'students', header: 'Students', align: 'right', cell: (t) => formatNumber(t.students), className: 'hidden sm:table-cell' },
      { id: 'users', header: 'Users', align: 'right', cell: (t) => formatNumber(t.users), className: 'hidden md:table-cell' },
      { id: 'colleges', header: 'Colleges', align: 'right', cell: (t) => formatNumber(t.colleges), className: 'hidden xl:table-cell' },
      { id: 'activity', header: 'Last activity', cell: (t) => formatDateTime(t.last_activity_at), className: 'hidden 2xl:table-cell' },
      {
        id: 'actions',
        header: 'Actions',
        align: 'right',
        cell: (t) => (
          <div className="flex justify-end gap-2">
            <Button size="sm" variant="secondary" onClick={() => setPanel({ kind: 'impersonate', tenant: t })} aria-label={`Impersonate a user of ${t.name}`}>
              <UserCog aria-hidden className="size-4" />
              <span className="hidden lg:inline">Impersonate</span>
            </Button>
            <Button size="sm" variant={t.status === 'active' ? 'danger' : 'secondary'} onClick={() => setPanel({ kind: 'suspend', tenant: t })} aria-label={`${t.status === 'active' ? 'Suspend' : 'Reactivate'} ${t.name}`}>
              {t.status === 'active' ? <Ban aria-hidden className="size-4" /> : <Play aria-hidden className="size-4" />}
              <span className="hidden lg:inline">{t.status === 'active' ? 'Suspend' : 'Reactivate'}</span>
            </Button>
          </div>
        ),
      },
    ],
  };

  const done = () => {
    setPanel(null);
    setVersion((n) => n + 1);
  };

  return (
    <>
      <PageHeader
        title="Universities"
        description="Every tenant on the platform with its usage. Suspending one blocks its users at once, until it is reactivated."
        actions={<NewButton href="/universities/new" label="New university" permission="universities.create" />}
      />
      {panel?.kind === 'suspend' && <SuspendForm tenant={panel.tenant} onDone={done} onCancel={() => setPanel(null)} />}
      {panel?.kind === 'impersonate' && <ImpersonateForm tenant={panel.tenant} onCancel={() => setPanel(null)} />}
      <ResourceList key={version} config={config} />
    </>
  );
}

'use client';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { NAV, routeOf } from '@/lib/nav';
import { Breadcrumbs, type Crumb } from './breadcrumbs';

function defaultCrumbs(pathname: string): Crumb[] {
  const item = routeOf(pathname);
  if (!item) return [];
  const section = NAV.find((s) => s.items.includes(item));
  const crumbs: Crumb[] = [{ label: 'Home', href: '/dashboard' }];
  if (section && item.href !== '/dashboard') crumbs.push({ label: section.label });
  crumbs.push({ label: item.label, href: item.href });
  return crumbs;
}

/** Breadcrumbs, the page's one <h1>, an optional description and actions. */
export function PageHeader({ title, description, actions, crumbs }: { title: string; description?: ReactNode; actions?: ReactNode; crumbs?: Crumb[] }) {
  const pathname = usePathname();
  return (
    <div className="mb-6 space-y-2">
      <Breadcrumbs items={crumbs ?? defaultCrumbs(pathname)} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
          {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
    </div>
  );
}

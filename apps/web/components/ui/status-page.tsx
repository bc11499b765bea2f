import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { LogoMark } from './logo';

/** Full-page message for 404, 403 and unexpected errors. */
export function StatusPage({ icon: Icon, code, title, children, actions }: { icon: LucideIcon; code?: string; title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center px-6 py-12">
      <div className="max-w-md text-center">
        <LogoMark className="mx-auto size-10" />
        <span className="mx-auto mt-8 grid size-12 place-items-center rounded-full bg-blue-50 text-blue-700 dark:bg-blue-500/15 dark:text-blue-300">
          <Icon aria-hidden className="size-6" />
        </span>
        {code && <p className="mt-4 text-sm font-semibold text-blue-700 dark:text-blue-400">{code}</p>}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
        <div className="mt-3 text-sm text-slate-600 dark:text-slate-400">{children}</div>
        <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
      </div>
    </main>
  );
}

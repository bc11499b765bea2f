import type { ReactNode } from 'react';
import { AuthLayout } from './auth-layout';

/** A signed-out page: the frame, a heading and a line of explanation above the form. */
export function AuthPage({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <AuthLayout>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
      <p className="mt-1.5 mb-8 text-sm text-slate-600 dark:text-slate-400">{text}</p>
      {children}
    </AuthLayout>
  );
}

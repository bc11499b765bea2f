import type { ReactNode } from 'react';
import { Logo } from '@/components/ui/logo';

/** Frame for the signed-out pages: brand panel on wide screens, a single card on phones. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh">
      <aside className="relative hidden w-[44%] max-w-xl overflow-hidden bg-blue-800 p-12 text-white lg:flex lg:flex-col lg:justify-between">
        <div aria-hidden className="absolute -top-24 -right-24 size-96 rounded-full bg-blue-700/60" />
        <div aria-hidden className="absolute -bottom-32 -left-16 size-80 rounded-full bg-blue-900/60" />
        <div className="relative flex items-center gap-3">
          <svg viewBox="0 0 32 32" aria-hidden className="size-9">
            <rect width="32" height="32" rx="8" fill="#fff" />
            <path d="M10 8h8.5a4.5 4.5 0 0 1 0 9H10z" fill="#1d4ed8" />
            <path d="M10 17h9.5a3.5 3.5 0 0 1 0 7H10z" fill="#60a5fa" />
          </svg>
          <span className="text-lg font-semibold">Bitflow Owner Portal</span>
        </div>
        <div className="relative">
          <p className="text-3xl leading-tight font-semibold">Every college, course and student of your universities, in one place.</p>
          <p className="mt-4 max-w-md text-blue-100">Admissions, enrolments, faculty, reports and an audit trail you can verify — for each university you run.</p>
        </div>
        <p className="relative text-sm text-blue-200">Access is limited to staff invited by their university.</p>
      </aside>
      <main className="flex flex-1 flex-col items-center justify-center px-4 py-10 sm:px-6">
        <div className="mb-8 lg:hidden">
          <Logo />
        </div>
        <div className="w-full max-w-sm">{children}</div>
      </main>
    </div>
  );
}

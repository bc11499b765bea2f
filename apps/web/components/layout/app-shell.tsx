'use client';
import { usePathname } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useUiStore } from '@/stores/ui-store';
import { Header } from './header';
import { ImpersonationBanner } from './impersonation-banner';
import { MobileNav, Sidebar } from './sidebar';
import { Toaster } from './toaster';

// The signed-in frame (seed: Header, Sidebar, Main Content). Rendered only after AuthGate.
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const setNavOpen = useUiStore((s) => s.setNavOpen);
  useEffect(() => setNavOpen(false), [pathname, setNavOpen]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only z-50 rounded-lg bg-blue-700 px-4 py-2 text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3">
        Skip to main content
      </a>
      <ImpersonationBanner />
      <Header />
      <MobileNav />
      {/* flex-1: the sidebar reaches the bottom of the window on short pages too. */}
      <div className="flex flex-1">
        <Sidebar />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
          <div className="mx-auto max-w-7xl">{children}</div>
        </main>
      </div>
      <Toaster />
    </div>
  );
}

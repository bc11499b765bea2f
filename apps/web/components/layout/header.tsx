'use client';
import { Menu } from 'lucide-react';
import Link from 'next/link';
import { Logo } from '@/components/ui/logo';
import { useUiStore } from '@/stores/ui-store';
import { NotificationBell } from './notification-bell';
import { SearchBox } from './search-box';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export function Header() {
  const setNavOpen = useUiStore((s) => s.setNavOpen);
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
      <div className="flex h-16 items-center gap-2 px-3 sm:gap-4 sm:px-4 lg:px-6">
        <button type="button" onClick={() => setNavOpen(true)} aria-label="Open menu" className="rounded-lg p-2 text-slate-600 hover:bg-slate-100 lg:hidden dark:text-slate-300 dark:hover:bg-slate-800">
          <Menu aria-hidden className="size-5" />
        </button>
        <Link href="/dashboard" aria-label="Bitflow Owner Portal" className="shrink-0 rounded-lg lg:w-56">
          <Logo compact />
        </Link>
        <SearchBox />
        <div className="ml-auto flex items-center gap-0.5 sm:gap-1">
          <ThemeToggle />
          <NotificationBell />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}

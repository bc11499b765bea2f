'use client';
import { create } from 'zustand';
import { THEME_STORAGE_KEY } from '@/lib/theme';

// Interface state shared across the shell: theme, the phone-width navigation drawer and toasts.
export type Theme = 'light' | 'dark';
export type ToastTone = 'success' | 'error' | 'info';
/** A button in a toast, e.g. "Undo" after a delete. */
export interface ToastAction {
  label: string;
  run(): void;
}
export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

interface UiState {
  theme: Theme;
  navOpen: boolean;
  toasts: Toast[];
  setTheme(theme: Theme): void;
  setNavOpen(open: boolean): void;
  toast(message: string, tone?: ToastTone, action?: ToastAction): void;
  dismissToast(id: number): void;
}

let nextToastId = 1;

function initialTheme(): Theme {
  // The inline script in app/layout.tsx has already put the class on <html> before the first paint.
  if (typeof document === 'undefined') return 'light';
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

export const useUiStore = create<UiState>((set, get) => ({
  theme: initialTheme(),
  navOpen: false,
  toasts: [],
  setTheme: (theme) => {
    document.documentElement.classList.toggle('dark', theme === 'dark');
    document.documentElement.style.colorScheme = theme;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
    set({ theme });
  },
  setNavOpen: (navOpen) => set({ navOpen }),
  toast: (message, tone = 'info', action) => {
    const id = nextToastId++;
    set({ toasts: [...get().toasts, { id, tone, message, action }] });
    // Errors and undoable actions stay longer: there is something to read or to decide.
    setTimeout(() => get().dismissToast(id), tone === 'error' || action ? 10_000 : 5000);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

'use client';
import type { ZUnreadCountEnvelope } from '@bitflow/contracts';
import type { z } from 'zod';
import { create } from 'zustand';
import { api } from '@/lib/api';

// The unread-notification count shared by the header bell and the notifications page, so marking
// something read in one place updates the other at once. `version` changes whenever either side
// changes read state; the other side reloads its list when it sees a new version.
interface UnreadState {
  count: number;
  version: number;
  set(count: number): void;
  /** Something was marked read here: adjust the badge by `delta` (or set it) and tell the others. */
  changed(next: { count?: number; delta?: number }): void;
  refresh(): Promise<void>;
}

export const useUnreadStore = create<UnreadState>((set, get) => ({
  count: 0,
  version: 0,
  set: (count) => set({ count }),
  changed: ({ count, delta }) => set({ count: Math.max(0, count ?? get().count + (delta ?? 0)), version: get().version + 1 }),
  refresh: async () => {
    const r = await api.get<z.output<typeof ZUnreadCountEnvelope>>('/notifications/unread-count');
    set({ count: r.data.data.count });
  },
}));

import type { Metadata } from 'next';
import type { ReactNode } from 'react';

// The browser tab's title for every universities page, including the client-rendered detail and form pages.
export const metadata: Metadata = { title: 'Universities' };

export default function Layout({ children }: { children: ReactNode }) {
  return children;
}

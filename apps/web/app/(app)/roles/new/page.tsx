import type { Metadata } from 'next';
import { RoleEditor } from '@/components/roles/role-editor';

export const metadata: Metadata = { title: 'New role' };

export default function Page() {
  return <RoleEditor />;
}

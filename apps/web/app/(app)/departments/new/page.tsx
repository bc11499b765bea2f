'use client';
import { departmentKind } from '@/components/forms/kinds';
import { ResourceEditor } from '@/components/forms/resource-editor';

export default function Page() {
  return <ResourceEditor kind={departmentKind} />;
}

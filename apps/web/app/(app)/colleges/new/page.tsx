'use client';
import { collegeKind } from '@/components/forms/kinds';
import { ResourceEditor } from '@/components/forms/resource-editor';

export default function Page() {
  return <ResourceEditor kind={collegeKind} />;
}

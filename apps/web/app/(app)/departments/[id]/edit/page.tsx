'use client';
import { useParams } from 'next/navigation';
import { departmentKind } from '@/components/forms/kinds';
import { ResourceEditor } from '@/components/forms/resource-editor';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return <ResourceEditor kind={departmentKind} id={id} />;
}

'use client';
import { useParams } from 'next/navigation';
import { courseKind } from '@/components/forms/kinds';
import { ResourceEditor } from '@/components/forms/resource-editor';

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return <ResourceEditor kind={courseKind} id={id} />;
}

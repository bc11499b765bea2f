'use client';
import type { FacultyMember } from '@bitflow/contracts';
import { useParams } from 'next/navigation';
import { facultyKind } from '@/components/forms/kinds';
import { ResourceEditor } from '@/components/forms/resource-editor';
import { PersonFiles } from '@/components/uploads/person-files';
import { useResource } from '@/hooks/use-resource';

// The faculty member's page: the record's editor, then their photo and documents.
export default function Page() {
  const { id } = useParams<{ id: string }>();
  const { data } = useResource<FacultyMember>(`/faculty/${id}`);
  return (
    <>
      <ResourceEditor kind={facultyKind} id={id} />
      {data && (
        <div className="mt-6">
          <PersonFiles entityType="faculty" entityId={id} name={facultyKind.name(data)} showPhoto />
        </div>
      )}
    </>
  );
}

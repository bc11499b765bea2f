'use client';
import type { Permission } from '@bitflow/contracts';
import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';
import { EntityForm, type FieldDef } from './entity-form';

export interface ResourceKind<T> {
  /** API collection path, e.g. "/colleges"; the portal's list is at the same path. */
  path: string;
  /** "College", "Faculty member". */
  label: string;
  /** Plural for breadcrumbs, e.g. "Colleges". */
  plural: string;
  fields: FieldDef[];
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  /** How a record is named in titles and toasts. */
  name: (row: T) => string;
  deletePermission?: Permission;
  /** Where to go after saving (default: back to the list). */
  after?: (row: T & { id: string }) => string;
}

/** The page that creates (no id) or edits (id) one record, with soft delete + undo when editing. */
export function ResourceEditor<T>({ kind, id }: { kind: ResourceKind<T>; id?: string }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const canDelete = useCan(kind.deletePermission);
  const { data, error } = useResource<T & { id: string }>(id ? `${kind.path}/${id}` : null);
  const [deleting, setDeleting] = useState(false);
  const name = data ? kind.name(data) : kind.label;
  const title = id ? `Edit ${name}` : `New ${kind.label.toLowerCase()}`;
  const crumbs = [{ label: 'Home', href: '/dashboard' }, { label: kind.plural, href: kind.path }, { label: id ? name : `New ${kind.label.toLowerCase()}` }];

  const remove = async () => {
    if (!data) return;
    setDeleting(true);
    try {
      await api.delete(`${kind.path}/${data.id}`);
      toast(`${name} was moved to the trash.`, 'success', {
        label: 'Undo',
        run: () => void api.post(`${kind.path}/${data.id}/restore`, {}).then(() => toast(`${name} was restored.`, 'success'), (e: unknown) => toast(apiError(e).message, 'error')),
      });
      router.push(kind.path);
    } catch (e) {
      toast(apiError(e).message, 'error');
      setDeleting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={title}
        crumbs={crumbs}
        actions={
          id && data && kind.deletePermission && canDelete ? (
            <Button variant="danger" loading={deleting} onClick={() => void remove()}>
              <Trash2 aria-hidden className="size-4" />
              Delete
            </Button>
          ) : undefined
        }
      />
      {error ? (
        <Alert tone="error" title={error.status === 404 ? `This ${kind.label.toLowerCase()} does not exist or was deleted` : 'It could not be loaded'}>
          {error.message}
        </Alert>
      ) : id && !data ? (
        <Skeleton className="h-80 w-full" />
      ) : (
        <EntityForm<T>
          path={kind.path}
          fields={kind.fields}
          createSchema={kind.createSchema}
          updateSchema={kind.updateSchema}
          record={data}
          submitLabel={id ? 'Save changes' : `Create ${kind.label.toLowerCase()}`}
          cancelHref={kind.path}
          onSaved={(row) => {
            toast(id ? 'Changes saved.' : `${kind.name(row)} was added.`, 'success');
            router.push(kind.after?.(row) ?? kind.path);
          }}
        />
      )}
    </>
  );
}

'use client';
import type { UploadKind, UploadedFile } from '@bitflow/contracts';
import { Download, Eye, FileText, Paperclip, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Dialog, DialogBody } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { useResource } from '@/hooks/use-resource';
import { api, apiError, type ListPage } from '@/lib/api';
import { cx } from '@/lib/cx';
import { formatDateTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';
import { FileDrop } from './file-drop';
import { PersonPhoto, type PersonType } from './person-photo';
import { formatBytes } from './upload-rules';
import { thumbnailWidthFor, useFileUrl } from './use-file-url';

const isImage = (f: UploadedFile) => f.thumbnail_url !== null;

/** The stored file's bytes through the authenticated client, as a blob: URL (revoked by the caller). */
async function blobUrl(f: UploadedFile) {
  const res = await api.get<Blob>(f.download_url.replace(/^\/api\/v1/, ''), { responseType: 'blob' });
  return URL.createObjectURL(new Blob([res.data], { type: f.mime_type }));
}

async function save(f: UploadedFile) {
  const url = await blobUrl(f);
  const a = document.createElement('a');
  a.href = url;
  a.download = f.original_name; // the stored name, in full (the header's ASCII fallback may read "??.pdf")
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A PDF opens in a new tab, in the browser's own viewer. The tab is opened during the click (a
 * popup blocker allows that) and pointed at the file once it has arrived.
 */
async function openPdf(f: UploadedFile) {
  const tab = window.open('', '_blank');
  try {
    const url = await blobUrl(f);
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    tab?.close();
    throw e;
  }
}

function Thumb({ file, size = 40 }: { file: UploadedFile; size?: number }) {
  const { url } = useFileUrl(file.thumbnail_url, { w: thumbnailWidthFor(size) });
  const box = { width: size, height: size };
  if (isImage(file) && url) return <img src={url} alt="" style={box} className="shrink-0 rounded-md bg-slate-100 object-cover dark:bg-slate-800" />;
  return (
    <span style={box} className="grid shrink-0 place-items-center rounded-md bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
      {isImage(file) ? <Paperclip aria-hidden className="size-4" /> : <FileText aria-hidden className="size-5" />}
    </span>
  );
}

function ImagePreview({ file, onClose }: { file: UploadedFile; onClose: () => void }) {
  const { url, failed } = useFileUrl(file.thumbnail_url, { w: 1024 });
  return (
    <Dialog open onClose={onClose} title={file.original_name} size="xl">
      <DialogBody>
        {failed ? (
          <Alert tone="error">This image cannot be previewed. Download it instead.</Alert>
        ) : url ? (
          <img src={url} alt={file.original_name} className="mx-auto max-h-[70vh] w-auto rounded-lg object-contain" data-testid="image-preview" />
        ) : (
          <Skeleton className="mx-auto aspect-square max-h-[70vh] w-full max-w-md" />
        )}
      </DialogBody>
    </Dialog>
  );
}

const KINDS: { value: UploadKind; label: string }[] = [
  { value: 'document', label: 'Document' },
  { value: 'photo', label: 'Photo' },
];

/**
 * A person's photos and documents: upload (as a document, or as their photo), the list with
 * previews, downloads and deletion after a confirmation. Uploading and deleting take the right to
 * update the person as well (the API checks the same). `onChange` runs after either, so a photo
 * shown elsewhere on the page follows; `showPhoto` puts the current photo in the card.
 */
export function PersonFiles({ entityType, entityId, name, version = 0, onChange, showPhoto = false }: { entityType: PersonType; entityId: string; name: string; version?: number; onChange?: () => void; showPhoto?: boolean }) {
  const toast = useUiStore((s) => s.toast);
  const updatePerson = useCan(entityType === 'student' ? 'students.update' : 'faculty.update');
  const canView = useCan('uploads.view');
  const canUpload = useCan('uploads.create') && updatePerson;
  const canDelete = useCan('uploads.delete') && updatePerson;
  const [kind, setKind] = useState<UploadKind>('document');
  const [previewing, setPreviewing] = useState<UploadedFile | null>(null);
  const [deleting, setDeleting] = useState<UploadedFile | null>(null);
  const [changes, setChanges] = useState(0); // the card's own photo follows its uploads and deletions
  const { data, error, reload } = useResource<ListPage<UploadedFile>>(canView ? '/uploads' : null, { entity_type: entityType, entity_id: entityId, per_page: 50 });
  if (!canView) return null;

  const changed = () => {
    reload();
    setChanges((n) => n + 1);
    onChange?.();
  };
  const currentPhotoId = data?.items.find((f) => f.kind === 'photo')?.id;
  const preview = (f: UploadedFile) => {
    if (isImage(f)) setPreviewing(f);
    else openPdf(f).catch((e: unknown) => toast(apiError(e).message, 'error'));
  };
  const remove = async (f: UploadedFile) => {
    try {
      await api.delete(`/uploads/${f.id}`);
      toast(`${f.original_name} was deleted.`, 'success');
      changed();
    } catch (e) {
      toast(apiError(e).message, 'error');
      throw e;
    }
  };

  return (
    <Card labelledBy={`${entityType}-files`}>
      <CardHeader id={`${entityType}-files`} title="Photos and documents" description="The newest photo is the one shown on the record." />
      <div className="space-y-5 p-5">
        {showPhoto && (
          <div className="flex items-center gap-4">
            <PersonPhoto entityType={entityType} entityId={entityId} name={name} size={72} version={version + changes} />
            <p className="text-sm text-slate-600 dark:text-slate-400">{currentPhotoId ? 'Current photo' : 'No photo yet'}</p>
          </div>
        )}
        {canUpload && (
          <div className="space-y-3">
            <fieldset className="flex flex-wrap items-center gap-3">
              <legend className="sr-only">Upload as</legend>
              <span aria-hidden className="text-sm font-medium text-slate-800 dark:text-slate-200">
                Upload as
              </span>
              <div className="inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-600">
                {KINDS.map((k) => (
                  <label key={k.value} className={cx('cursor-pointer rounded-md px-3 py-1 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-500', kind === k.value ? 'bg-blue-700 text-white dark:bg-blue-600' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800')}>
                    <input type="radio" name={`${entityType}-upload-kind`} value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} className="sr-only" />
                    {k.label}
                  </label>
                ))}
              </div>
            </fieldset>
            <FileDrop
              entityType={entityType}
              entityId={entityId}
              kind={kind}
              onUploaded={(f) => {
                toast(f.kind === 'photo' ? `${f.original_name} is now the photo of ${name}.` : `${f.original_name} was uploaded.`, 'success');
                changed();
              }}
            />
          </div>
        )}
        {error ? (
          <Alert tone="error" title="The files could not be loaded" action={<Button size="sm" variant="secondary" onClick={reload}>Try again</Button>}>
            {error.message}
          </Alert>
        ) : !data ? (
          <Skeleton className="h-24 w-full" />
        ) : data.items.length === 0 ? (
          <EmptyState icon={Paperclip} title="No photos or documents yet">
            {canUpload ? 'Upload a photo or a PDF above.' : 'None have been uploaded for this person.'}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Uploaded files">
            {data.items.map((f) => (
              <li key={f.id} className="flex min-w-0 items-center gap-3 py-3">
                <Thumb file={f} />
                <div className="min-w-0 flex-1">
                  <button type="button" onClick={() => preview(f)} className="block max-w-full truncate text-left text-sm font-medium text-slate-900 hover:underline dark:text-slate-100">
                    {f.original_name}
                  </button>
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-600 dark:text-slate-400">
                    <span className={cx('rounded px-1.5 py-px font-medium', f.id === currentPhotoId ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-200' : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300')}>
                      {f.id === currentPhotoId ? 'Current photo' : f.kind === 'photo' ? 'Photo' : 'Document'}
                    </span>
                    <span>{formatBytes(f.size)}</span>
                    <span>{formatDateTime(f.created_at)}</span>
                  </p>
                </div>
                <div className="flex shrink-0 gap-1">
                  <Button size="sm" variant="ghost" onClick={() => preview(f)} aria-label={`Preview ${f.original_name}`} title="Preview">
                    <Eye aria-hidden className="size-4" />
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void save(f).catch((e: unknown) => toast(apiError(e).message, 'error'))} aria-label={`Download ${f.original_name}`} title="Download">
                    <Download aria-hidden className="size-4" />
                  </Button>
                  {canDelete && (
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(f)} aria-label={`Delete ${f.original_name}`} title="Delete" className="text-red-700 dark:text-red-400">
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {previewing && <ImagePreview file={previewing} onClose={() => setPreviewing(null)} />}
      <ConfirmDialog open={!!deleting} title="Delete this file?" confirmLabel="Delete file" onClose={() => setDeleting(null)} onConfirm={() => remove(deleting!)}>
        <strong className="break-all">{deleting?.original_name}</strong> will be removed from {name}’s record{deleting?.id === currentPhotoId ? '; the previous photo, if any, is shown instead' : ''}. This cannot be undone here.
      </ConfirmDialog>
    </Card>
  );
}

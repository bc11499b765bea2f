'use client';
import type { UploadedFile } from '@bitflow/contracts';
import { useEffect } from 'react';
import { useResource } from '@/hooks/use-resource';
import type { ListPage } from '@/lib/api';
import { cx } from '@/lib/cx';
import { initials } from '@/lib/format';
import { useCan } from '@/stores/user-store';
import { thumbnailWidthFor, useFileUrl } from './use-file-url';

export type PersonType = UploadedFile['entity_type'] & string;

/** The current photo (the newest kind=photo upload) of a student or faculty member; `version` refetches it. */
export function useCurrentPhoto(entityType: PersonType, entityId: string, version = 0) {
  const canView = useCan('uploads.view');
  const { data, reload } = useResource<ListPage<UploadedFile>>(canView ? '/uploads' : null, { entity_type: entityType, entity_id: entityId, kind: 'photo', per_page: 1 });
  // The list query is strict (an unknown parameter is a 422): a new version reloads instead.
  useEffect(() => {
    if (version) reload();
  }, [version, reload]);
  return data ? (data.items[0] ?? null) : undefined;
}

/**
 * A round picture of the person: their current photo's thumbnail at this screen's density, or
 * their initials while there is none (or it cannot be shown, or the role may not view uploads).
 */
export function PersonPhoto({ entityType, entityId, name, size = 64, version = 0, className }: { entityType: PersonType; entityId: string; name: string; size?: number; version?: number; className?: string }) {
  const photo = useCurrentPhoto(entityType, entityId, version);
  const { url } = useFileUrl(photo?.thumbnail_url ?? null, { w: thumbnailWidthFor(size) });
  const box = { width: size, height: size };
  if (url) {
    // A blob: URL of an authenticated fetch: next/image (its optimizer fetches without the token) cannot load it.
    return <img src={url} alt={`Photo of ${name}`} style={box} className={cx('shrink-0 rounded-full bg-slate-100 object-cover ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700', className)} data-testid="person-photo" />;
  }
  return (
    <span aria-hidden style={{ ...box, fontSize: size / 2.6 }} className={cx('grid shrink-0 place-items-center rounded-full bg-blue-100 font-semibold text-blue-800 dark:bg-blue-500/15 dark:text-blue-200', className)}>
      {initials(name)}
    </span>
  );
}

import type { Permission, UploadKind, UploadedFile } from '@bitflow/contracts';
import contentDisposition from 'content-disposition';
import type { Kysely, Selectable } from 'kysely';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import { can, type Actor, type RequestMeta } from '../../core/actor.js';
import type { Storage } from '../../platform/storage.js';
import { writeAudit } from '../audit/audit-writer.js';
import { detectFileType, storedName } from './file-type.js';
import { decodableImage, renderThumbnail, thumbnailFormat, thumbnailWidth, type ThumbnailFormat } from './thumbnail.js';
import type { UploadsRepository } from './uploads.repository.js';

export function presentFile(f: Selectable<DB['files']>): UploadedFile {
  return {
    id: f.id, university_id: f.university_id, entity_type: f.entity_type as UploadedFile['entity_type'], entity_id: f.entity_id, original_name: f.original_name,
    mime_type: f.mime_type as UploadedFile['mime_type'], kind: f.kind as UploadKind, size: Number(f.size), checksum: f.checksum, uploaded_by: f.uploaded_by, created_at: toIso(f.created_at)!,
    download_url: `/api/v1/uploads/${f.id}/download`,
    thumbnail_url: f.mime_type.startsWith('image/') ? `/api/v1/uploads/${f.id}/thumbnail` : null,
  };
}

/** A stored file to send: its bytes and the headers that make it a download of the type found at upload. */
export interface FileDownload {
  stream: Readable;
  headers: Record<string, string>;
}

/** A thumbnail to send, or `notModified` when the client's copy (If-None-Match) is current. */
export type ThumbnailAnswer = { notModified: true; headers: Record<string, string> } | { notModified: false; body: Buffer | Readable; headers: Record<string, string> };

const isMissing = (e: unknown) => {
  const err = e as { code?: string; name?: string } | null;
  return err?.code === 'NoSuchKey' || err?.name === 'NoSuchKey';
};

/**
 * A person's photos and documents change with the person: whoever may upload or delete one must
 * also be allowed to update that student or faculty member, so a registrar (students.update but
 * not faculty.update) manages students' files only. uploads.* alone is checked by the route.
 */
const UPDATE_OF: Record<string, Permission> = { student: 'students.update', faculty: 'faculty.update' };
function mayChange(actor: Actor, entityType: string | null) {
  const needed = entityType === null ? undefined : UPDATE_OF[entityType];
  return !needed || can(actor, needed);
}

export class UploadsService {
  /** Thumbnails being rendered, by storage key: concurrent requests for one share one render and one write. */
  private readonly rendering = new Map<string, Promise<Buffer | null>>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: UploadsRepository,
    private readonly storage: Storage,
  ) {}

  async upload(actor: Actor, q: { entity_type: 'student' | 'faculty'; entity_id: string; kind: UploadKind }, buf: Buffer, filename: string, meta: RequestMeta): Promise<UploadedFile> {
    if (buf.length === 0) throw AppError.validation({ file: ['The file is empty.'] });
    const owner = await this.repo.owner(actor.scope, q.entity_type, q.entity_id);
    if (!owner) throw AppError.validation({ entity_id: [`The selected ${q.entity_type} does not exist.`] });
    if (!mayChange(actor, q.entity_type)) throw new AppError('FORBIDDEN', `You may not change this ${q.entity_type === 'student' ? 'student' : 'faculty member'}’s files.`);
    // Typed by its bytes (file-type.ts), stored and named by that type: a renamed executable, a PDF
    // called .html or a PNG carrying a script is refused or saved as what it really is.
    const type = detectFileType(buf);
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Only PNG, JPEG, WebP images and PDF documents can be uploaded.');
    // A photo is shown scaled: it must be an image libvips decodes, within the pixel limit.
    if (q.kind === 'photo' && !(type.mime.startsWith('image/') && (await decodableImage(buf)))) {
      throw AppError.validation({ kind: [type.mime.startsWith('image/') ? 'This image cannot be read or is over 50 megapixels.' : 'A photo must be a PNG, JPEG or WebP image; upload a PDF as a document.'] });
    }
    const id = uuidv7();
    const key = `uploads/${owner.university_id}/${id}.${type.ext}`;
    await this.storage.put(key, buf, type.mime);
    await this.repo.create({
      id, university_id: owner.university_id, college_id: owner.college_id, uploaded_by: actor.userId, entity_type: q.entity_type, entity_id: owner.id,
      original_name: storedName(filename, type), mime_type: type.mime, kind: q.kind, size: buf.length,
      checksum: createHash('sha256').update(buf).digest('hex'), storage_key: key,
    });
    await writeAudit(this.db, meta, { by: actor, action: 'uploads.created', universityId: owner.university_id, entityType: 'file', entityId: id, changes: { entity_type: q.entity_type, entity_id: owner.id, kind: q.kind, size: buf.length } });
    return this.get(actor, id);
  }

  private async row(actor: Actor, id: string) {
    const f = await this.repo.get(actor.scope, id);
    if (!f) throw AppError.notFound('File');
    return f;
  }

  async get(actor: Actor, id: string): Promise<UploadedFile> {
    return presentFile(await this.row(actor, id));
  }

  async list(actor: Actor, q: { page: number; per_page: number; entity_type?: string; entity_id?: string; kind?: UploadKind }): Promise<{ items: UploadedFile[]; total: number }> {
    const { items, total } = await this.repo.list(actor.scope, q);
    return { items: items.map(presentFile), total };
  }

  async download(actor: Actor, id: string): Promise<FileDownload> {
    const f = await this.row(actor, id);
    // Always a download, of the type found at upload, never rendered or re-sniffed by the browser;
    // a name outside Latin-1 (学生.pdf) travels as RFC 5987 filename*= beside an ASCII fallback.
    const headers = {
      'Content-Type': f.mime_type,
      'Content-Length': String(f.size),
      'Content-Disposition': contentDisposition(f.original_name, { type: 'attachment' }),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    };
    return { stream: await this.storage.get(f.storage_key), headers };
  }

  /**
   * An image scaled to `requestedWidth` (rounded up to a THUMBNAIL_WIDTHS step), as WebP or JPEG by
   * the client's Accept. Rendered once per width and format and kept in storage under the tenant's
   * prefix (so exports and purges of uploads/<university>/ cover it): a portal page shows the same
   * photos over and over, and scaling a 10 MB JPEG costs ~100 ms of a CPU. The answer is private
   * (behind sign-in) and, since a file's bytes never change under its id, cacheable for a day with
   * an ETag; Vary: Accept because the format follows it.
   */
  async thumbnail(actor: Actor, id: string, requestedWidth: number, accept: string | undefined, ifNoneMatch: string | undefined): Promise<ThumbnailAnswer> {
    const f = await this.row(actor, id);
    if (!f.mime_type.startsWith('image/')) throw AppError.validation({ id: ['This file is a PDF: only images have thumbnails. Download it instead.'] });
    const width = thumbnailWidth(requestedWidth);
    const format = thumbnailFormat(accept);
    const etag = `"${f.checksum.slice(0, 16)}-${width}.${format}"`;
    const headers = { 'Cache-Control': 'private, max-age=86400', ETag: etag, Vary: 'Accept', 'X-Content-Type-Options': 'nosniff' };
    if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return { notModified: true, headers };
    const key = `uploads/${f.university_id}/thumbs/${f.id}-${width}.${format === 'webp' ? 'webp' : 'jpg'}`;
    const cached = await this.storage.get(key).catch((e: unknown) => {
      if (isMissing(e)) return null;
      throw e;
    });
    const body = cached ?? (await this.render(f.storage_key, key, width, format));
    if (!body) throw AppError.validation({ id: ['This image cannot be previewed; download it instead.'] });
    return { notModified: false, body, headers: { ...headers, 'Content-Type': `image/${format}` } };
  }

  private render(source: string, key: string, width: number, format: ThumbnailFormat): Promise<Buffer | null> {
    let job = this.rendering.get(key);
    if (!job) {
      job = (async () => {
        const chunks: Buffer[] = [];
        for await (const c of await this.storage.get(source)) chunks.push(c as Buffer);
        const out = await renderThumbnail(Buffer.concat(chunks), width, format);
        if (out) await this.storage.put(key, out, `image/${format}`);
        return out;
      })().finally(() => this.rendering.delete(key));
      this.rendering.set(key, job);
    }
    return job;
  }

  async delete(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    const f = await this.row(actor, id);
    if (!mayChange(actor, f.entity_type)) throw new AppError('FORBIDDEN', 'You may not change this person’s files.');
    await this.repo.softDelete(actor.scope, id);
    await writeAudit(this.db, meta, { by: actor, action: 'uploads.deleted', universityId: f.university_id, entityType: 'file', entityId: id });
  }
}

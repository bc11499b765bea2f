import type { UploadedFile } from '@bitflow/contracts';
import contentDisposition from 'content-disposition';
import type { Kysely, Selectable } from 'kysely';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import type { Storage } from '../../platform/storage.js';
import { writeAudit } from '../audit/audit-writer.js';
import { detectFileType, storedName } from './file-type.js';
import type { UploadsRepository } from './uploads.repository.js';

export function presentFile(f: Selectable<DB['files']>): UploadedFile {
  return {
    id: f.id, university_id: f.university_id, entity_type: f.entity_type as UploadedFile['entity_type'], entity_id: f.entity_id, original_name: f.original_name,
    mime_type: f.mime_type as UploadedFile['mime_type'], size: Number(f.size), checksum: f.checksum, uploaded_by: f.uploaded_by, created_at: toIso(f.created_at)!,
    download_url: `/api/v1/uploads/${f.id}/download`,
  };
}

/** A stored file to send: its bytes and the headers that make it a download of the type found at upload. */
export interface FileDownload {
  stream: Readable;
  headers: Record<string, string>;
}

export class UploadsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: UploadsRepository,
    private readonly storage: Storage,
  ) {}

  async upload(actor: Actor, q: { entity_type: 'student' | 'faculty'; entity_id: string }, buf: Buffer, filename: string, meta: RequestMeta): Promise<UploadedFile> {
    if (buf.length === 0) throw AppError.validation({ file: ['The file is empty.'] });
    const owner = await this.repo.owner(actor.scope, q.entity_type, q.entity_id);
    if (!owner) throw AppError.validation({ entity_id: [`The selected ${q.entity_type} does not exist.`] });
    // Typed by its bytes (file-type.ts), stored and named by that type: a renamed executable, a PDF
    // called .html or a PNG carrying a script is refused or saved as what it really is.
    const type = detectFileType(buf);
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Only PNG, JPEG, WebP images and PDF documents can be uploaded.');
    const id = uuidv7();
    const key = `uploads/${owner.university_id}/${id}.${type.ext}`;
    await this.storage.put(key, buf, type.mime);
    await this.repo.create({
      id, university_id: owner.university_id, college_id: owner.college_id, uploaded_by: actor.userId, entity_type: q.entity_type, entity_id: owner.id,
      original_name: storedName(filename, type), mime_type: type.mime, size: buf.length,
      checksum: createHash('sha256').update(buf).digest('hex'), storage_key: key,
    });
    await writeAudit(this.db, meta, { by: actor, action: 'uploads.created', universityId: owner.university_id, entityType: 'file', entityId: id, changes: { entity_type: q.entity_type, entity_id: owner.id, size: buf.length } });
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

  async list(actor: Actor, q: { page: number; per_page: number; entity_type?: string; entity_id?: string }): Promise<{ items: UploadedFile[]; total: number }> {
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

  async delete(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    const f = await this.row(actor, id);
    await this.repo.softDelete(actor.scope, id);
    await writeAudit(this.db, meta, { by: actor, action: 'uploads.deleted', universityId: f.university_id, entityType: 'file', entityId: id });
  }
}

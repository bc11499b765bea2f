import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';

// What the upload routes answer. A file is typed by its bytes at upload and served only as that type;
// its download is declared on its route with fileAnswer(...UPLOAD_MEDIA_TYPES).

/** The types an upload may be; anything else is refused (415). */
export const UPLOAD_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export type UploadMediaType = (typeof UPLOAD_MEDIA_TYPES)[number];
/** What a file can be attached to. */
export const UPLOAD_ENTITY_TYPES = ['student', 'faculty'] as const;
/** A person's photo (an image; the newest is their picture) or one of their documents. */
export const UPLOAD_KINDS = ['photo', 'document'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];
/** The widths a thumbnail is rendered at; a requested width is rounded up to one of them (at most the last). */
export const THUMBNAIL_WIDTHS = [64, 128, 256, 512, 1024] as const;
/** The types a thumbnail is sent as: WebP to a client whose Accept names it, JPEG otherwise. */
export const THUMBNAIL_MEDIA_TYPES = ['image/webp', 'image/jpeg'] as const;

const id = z.uuid();

export const ZUploadedFile = z
  .strictObject({
    id,
    university_id: id,
    entity_type: z.enum(UPLOAD_ENTITY_TYPES).nullable(),
    entity_id: id.nullable(),
    original_name: z.string().describe('The client’s name, with the extension of the detected type.'),
    mime_type: z.enum(UPLOAD_MEDIA_TYPES).describe('Detected from the bytes, not taken from the client.'),
    kind: z.enum(UPLOAD_KINDS).describe('photo: an image of the person (the newest is their picture); document: anything else.'),
    size: z.number().int().min(0).describe('Bytes.'),
    checksum: z.string().describe('SHA-256 of the bytes, hex.'),
    uploaded_by: id.nullable(),
    created_at: z.iso.datetime({ offset: true }),
    download_url: z.string(),
    thumbnail_url: z.string().nullable().describe('An image’s resized preview (add ?w=); null for a PDF.'),
  })
  .meta({ id: 'UploadedFile' });

export const ZUploadedFileEnvelope = successEnvelope(ZUploadedFile).meta({ id: 'UploadedFileEnvelope' });
export const ZUploadedFileListEnvelope = listEnvelope(ZUploadedFile).meta({ id: 'UploadedFileList' });

export type UploadedFile = z.infer<typeof ZUploadedFile>;

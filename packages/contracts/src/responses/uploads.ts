import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';

// What the upload routes answer. A file is typed by its bytes at upload and served only as that type;
// its download is declared on its route with fileAnswer(...UPLOAD_MEDIA_TYPES).

/** The types an upload may be; anything else is refused (415). */
export const UPLOAD_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export type UploadMediaType = (typeof UPLOAD_MEDIA_TYPES)[number];
/** What a file can be attached to. */
export const UPLOAD_ENTITY_TYPES = ['student', 'faculty'] as const;

const id = z.uuid();

export const ZUploadedFile = z
  .strictObject({
    id,
    university_id: id,
    entity_type: z.enum(UPLOAD_ENTITY_TYPES).nullable(),
    entity_id: id.nullable(),
    original_name: z.string().describe('The client’s name, with the extension of the detected type.'),
    mime_type: z.enum(UPLOAD_MEDIA_TYPES).describe('Detected from the bytes, not taken from the client.'),
    size: z.number().int().min(0).describe('Bytes.'),
    checksum: z.string().describe('SHA-256 of the bytes, hex.'),
    uploaded_by: id.nullable(),
    created_at: z.iso.datetime({ offset: true }),
    download_url: z.string(),
  })
  .meta({ id: 'UploadedFile' });

export const ZUploadedFileEnvelope = successEnvelope(ZUploadedFile).meta({ id: 'UploadedFileEnvelope' });
export const ZUploadedFileListEnvelope = listEnvelope(ZUploadedFile).meta({ id: 'UploadedFileList' });

export type UploadedFile = z.infer<typeof ZUploadedFile>;

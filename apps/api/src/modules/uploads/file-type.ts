import type { UploadMediaType } from '@bitflow/contracts';
import { crc32 } from 'node:zlib';

// What an uploaded file really is, from its bytes — never the client's name or Content-Type. Magic
// bytes alone let a polyglot through (a PNG header followed by a script, any RIFF file as WebP), so
// each type's structure is checked too, and markup that a browser would run is refused in any of
// them: the stored object is served only as the type found here, under its extension.

export interface FileType {
  /** One of the contract's UPLOAD_MEDIA_TYPES: the types an upload's download is declared with. */
  mime: UploadMediaType;
  ext: string;
}

// What a browser sniffing the bytes would treat as a page or script.
const MARKUP = /<(?:script|html|!doctype\s+html|body|iframe|svg|object|embed|\?php)[\s/>]/i;
const MARKUP_WINDOW = 8 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every chunk well-formed with a good CRC, IHDR first, IEND last and nothing after it. */
function isPng(buf: Buffer) {
  if (buf.length < 8 + 25 + 12 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  let first = true;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > buf.length) return false;
    if (first && (type !== 'IHDR' || length !== 13)) return false;
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== buf.readUInt32BE(at + 8 + length)) return false;
    if (type === 'IEND') return end === buf.length;
    first = false;
    at = end;
  }
  return false;
}

/**
 * Where a JPEG's image ends: segments walked from SOI through the scans to EOI. 0 when the
 * structure breaks or EOI never comes (a truncated file, a header glued to something else).
 */
function jpegEnd(buf: Buffer) {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return 0;
  let at = 2;
  while (at + 1 < buf.length) {
    if (buf[at] !== 0xff) return 0;
    const marker = buf[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) return at + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > buf.length) return 0;
    const length = buf.readUInt16BE(at + 2);
    if (length < 2) return 0;
    at += 2 + length;
    if (marker !== 0xda) continue;
    // Entropy-coded data after SOS: runs to the next marker that is not a stuffed 0xFF00 or a restart.
    while (at + 1 < buf.length && !(buf[at] === 0xff && buf[at + 1] !== 0 && !(buf[at + 1]! >= 0xd0 && buf[at + 1]! <= 0xd7))) at++;
  }
  return 0;
}

/** A whole JPEG image. Phones append data after EOI (motion photos carry a video): allowed, but never markup. */
function isJpeg(buf: Buffer) {
  const end = jpegEnd(buf);
  return end > 0 && (end === buf.length || !MARKUP.test(buf.toString('latin1', end)));
}

/** RIFF container of form WEBP whose declared size is the file's, with a VP8/VP8L/VP8X chunk first. */
function isWebp(buf: Buffer) {
  if (buf.length < 20 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') return false;
  const declared = buf.readUInt32LE(4) + 8;
  if (declared !== buf.length && declared + 1 !== buf.length) return false;
  return ['VP8 ', 'VP8L', 'VP8X'].includes(buf.toString('latin1', 12, 16));
}

/** A PDF header and an end-of-file marker in the last kilobyte (where the trailer lives). */
function isPdf(buf: Buffer) {
  return buf.toString('latin1', 0, 5) === '%PDF-' && buf.subarray(Math.max(0, buf.length - 1024)).includes('%%EOF');
}

const TYPES: (FileType & { is: (buf: Buffer) => boolean })[] = [
  { mime: 'image/png', ext: 'png', is: isPng },
  { mime: 'image/jpeg', ext: 'jpg', is: isJpeg },
  { mime: 'image/webp', ext: 'webp', is: isWebp },
  { mime: 'application/pdf', ext: 'pdf', is: isPdf },
];


/** The file's type, or null when it is none we accept or it carries markup. */
export function detectFileType(buf: Buffer): FileType | null {
  const type = TYPES.find((t) => t.is(buf));
  if (!type) return null;
  if (MARKUP.test(buf.toString('latin1', 0, MARKUP_WINDOW)) || MARKUP.test(buf.toString('latin1', Math.max(0, buf.length - MARKUP_WINDOW)))) return null;
  return { mime: type.mime, ext: type.ext };
}

/** The client's name with its extension replaced by the detected type's ("cv.html" → "cv.pdf"). */
export function storedName(clientName: string, type: FileType) {
  const base = clientName
    .normalize('NFC')
    .replace(/^.*[\\/]/, '') // a browser may send a path
    .replace(/[^\p{L}\p{N}\p{M} .()_-]/gu, '_')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 200);
  return `${base || 'file'}.${type.ext}`;
}

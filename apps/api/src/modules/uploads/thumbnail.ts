import { THUMBNAIL_WIDTHS } from '@bitflow/contracts';
import sharp from 'sharp';

// Resized previews of uploaded images, rendered by libvips (sharp). An upload may be a 10 MB phone
// photo; the portal shows it at 40–200 CSS pixels, so it is scaled down once per width and format
// and the result kept in storage beside the original (uploads.service.ts). Libvips' own operation
// cache is off: every render reads a different file, and the cache would only hold memory.
sharp.cache(false);

/**
 * Images above this many pixels are not decoded (a "decompression bomb": a few kilobytes of PNG
 * that inflate to gigabytes). 50 MP is above any phone camera (48–50 MP sensors) and ~200 MB RGBA.
 */
export const MAX_INPUT_PIXELS = 50_000_000;

export type ThumbnailFormat = 'webp' | 'jpeg';

/** The smallest rendered width at or above the requested one, or the largest. */
export function thumbnailWidth(requested: number): number {
  return THUMBNAIL_WIDTHS.find((w) => w >= requested) ?? THUMBNAIL_WIDTHS[THUMBNAIL_WIDTHS.length - 1]!;
}

/** WebP when the client's Accept names it (every current browser's image requests do), JPEG otherwise. */
export function thumbnailFormat(accept: string | undefined): ThumbnailFormat {
  return /(^|,)\s*image\/webp\s*(;|,|$)/i.test(accept ?? '') ? 'webp' : 'jpeg';
}

/** Whether the bytes decode as an image we can scale: a photo must, before it is stored. */
export async function decodableImage(buf: Buffer): Promise<boolean> {
  try {
    const m = await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
    return !!m.width && !!m.height && m.width * m.height <= MAX_INPUT_PIXELS;
  } catch {
    return false;
  }
}

/**
 * The image scaled to fit a `width`×`width` box (never enlarged), turned upright by its EXIF
 * orientation, its metadata (GPS position, camera serial) dropped. JPEG has no transparency, so a
 * PNG's transparent parts become white rather than black. Null when the image cannot be decoded.
 */
export async function renderThumbnail(buf: Buffer, width: number, format: ThumbnailFormat): Promise<Buffer | null> {
  try {
    const img = sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate().resize(width, width, { fit: 'inside', withoutEnlargement: true });
    return await (format === 'webp' ? img.webp({ quality: 80 }) : img.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true })).toBuffer();
  } catch {
    return null;
  }
}

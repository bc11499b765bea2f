import type { UploadKind } from '@bitflow/contracts';

// What the API takes (modules/uploads): checked here first so a wrong file is explained at once,
// without a 10 MB round trip. The API still types every file by its bytes.

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;

export const ACCEPT: Record<UploadKind, string> = {
  photo: 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp',
  document: 'image/png,image/jpeg,image/webp,application/pdf,.png,.jpg,.jpeg,.webp,.pdf',
};
export const KIND_HINT: Record<UploadKind, string> = {
  photo: 'PNG, JPEG or WebP image, up to 10 MB',
  document: 'PDF, PNG, JPEG or WebP, up to 10 MB',
};

export function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Why the file cannot be uploaded as `kind`, or null. */
export function uploadProblem(file: File, kind: UploadKind): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) return `${file.name} is ${formatBytes(file.size)}; files can be at most 10 MB.`;
  const image = IMAGE_TYPES.includes(file.type) || (!file.type && IMAGE_EXT.test(file.name));
  const pdf = file.type === 'application/pdf' || (!file.type && /\.pdf$/i.test(file.name));
  if (kind === 'photo' && !image) return `${file.name} is not a PNG, JPEG or WebP image. Upload it as a document instead.`;
  if (!image && !pdf) return `${file.name} is not a PDF, PNG, JPEG or WebP file.`;
  return null;
}

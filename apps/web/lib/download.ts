'use client';
import { api } from './api';

/**
 * Downloads an API file (report, error CSV, export) with the in-memory access token, which a plain
 * link cannot carry, and hands it to the browser as a file. The name is the server's
 * (Content-Disposition) or `fallbackName`; it is returned for messages.
 */
export async function downloadFile(apiPath: string, fallbackName: string, params: Record<string, string | undefined> = {}): Promise<string> {
  const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const res = await api.get<Blob>(apiPath.replace(/^\/api\/v1/, ''), { params: query, responseType: 'blob' });
  const name = filenameOf(String(res.headers['content-disposition'] ?? '')) ?? fallbackName;
  const url = URL.createObjectURL(res.data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/**
 * The file name of a Content-Disposition header: RFC 6266's `filename*=UTF-8''…` (RFC 5987, how the API
 * sends a name outside Latin-1, such as 学生.pdf) before the plain `filename=` fallback beside it.
 */
export function filenameOf(header: string): string | null {
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;\s]+)/i.exec(header);
  if (extended && /^utf-8$/i.test(extended[1]!)) {
    try {
      return decodeURIComponent(extended[2]!);
    } catch {
      /* malformed escapes: use the plain name */
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!;
}

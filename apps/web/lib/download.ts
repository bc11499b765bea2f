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
  const name = /filename="?([^";]+)"?/.exec(String(res.headers['content-disposition'] ?? ''))?.[1] ?? fallbackName;
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

'use client';
import { api } from './api';

/**
 * Downloads an API file (report, error CSV, export) with the in-memory access token, which a plain
 * link cannot carry, and hands it to the browser as a file with this name.
 */
export async function downloadFile(apiPath: string, filename: string): Promise<void> {
  const res = await api.get<Blob>(apiPath.replace(/^\/api\/v1/, ''), { responseType: 'blob' });
  const url = URL.createObjectURL(res.data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

'use client';
import axios from 'axios';
import { useEffect, useState } from 'react';
import { api } from '@/lib/api';

// An API file (a thumbnail, a stored image) as an object URL an <img> can show. The access token
// lives in memory only (DESIGN §9), so a plain <img src="/api/…"> would go unauthenticated: the
// bytes come through the Axios client instead, and the browser's HTTP cache still serves repeats
// (the thumbnail answer is private, max-age + ETag). The URL is revoked when it is replaced or the
// component goes away. CSP allows blob: images (proxy.ts img-src).
export function useFileUrl(path: string | null, params?: Record<string, string | number>) {
  const key = path === null ? null : JSON.stringify([path, params ?? {}]);
  const [state, setState] = useState<{ key: string | null; url?: string; failed?: boolean }>({ key: null });

  useEffect(() => {
    if (key === null) return;
    const [p, q] = JSON.parse(key) as [string, Record<string, string | number>];
    const controller = new AbortController();
    let url: string | undefined;
    api.get<Blob>(p.replace(/^\/api\/v1/, ''), { params: q, responseType: 'blob', signal: controller.signal, headers: { Accept: 'image/webp,image/*;q=0.8' } }).then(
      (r) => {
        url = URL.createObjectURL(r.data);
        setState({ key, url });
      },
      (e: unknown) => {
        if (!axios.isCancel(e)) setState({ key, failed: true });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [key]);

  const current = state.key === key;
  return { url: current ? state.url : undefined, failed: current && !!state.failed, loading: key !== null && !current };
}

/** The thumbnail width for a box of `cssPixels`, sharp on this screen (the API rounds it up to its steps). */
export function thumbnailWidthFor(cssPixels: number) {
  const dpr = typeof window === 'undefined' ? 1 : Math.min(window.devicePixelRatio || 1, 3);
  return Math.ceil(cssPixels * dpr);
}

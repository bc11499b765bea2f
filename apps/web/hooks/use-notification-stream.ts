'use client';
import { useEffect } from 'react';
import { refreshSession } from '@/lib/refresh';
import { useAuthStore } from '@/stores/auth-store';
import { useUiStore } from '@/stores/ui-store';
import { useUnreadStore } from './use-unread-count';

// Live notifications over the API's Server-Sent Events stream (GET /notifications/stream). The
// stream needs the bearer token, which EventSource cannot send, so it is read with fetch. Each
// notice bumps the shared unread count (bell badge, notifications page) and shows a toast. The
// connection is retried with backoff; the bell's polling stays as the fallback.

interface Notice {
  id: string;
  title: string;
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Calls onEvent for each complete `event:`/`data:` block of an SSE body until it ends. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(event, data.join('\n'));
    }
  }
}

export function useNotificationStream() {
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const onEvent = (event: string, data: string) => {
      try {
        if (event === 'ready') {
          useUnreadStore.getState().set((JSON.parse(data) as { unread: number }).unread);
        } else if (event === 'notification') {
          const n = JSON.parse(data) as Notice;
          useUnreadStore.getState().changed({ delta: 1 });
          useUiStore.getState().toast(n.title, 'info');
        }
      } catch {
        // A malformed event is skipped; the next poll corrects the count.
      }
    };
    void (async () => {
      for (let attempt = 0; !signal.aborted; attempt++) {
        try {
          const token = useAuthStore.getState().accessToken;
          const res = await fetch('/api/v1/notifications/stream', {
            headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            credentials: 'same-origin',
            cache: 'no-store',
            signal,
          });
          if (res.status === 401) {
            // An expired token: refresh once (shared with the API client) and reconnect at once.
            if ((await refreshSession().catch(() => undefined)) === null) return;
            if (attempt < 2) continue;
          } else if (res.ok && res.body) {
            attempt = 0;
            await readEvents(res.body, onEvent);
          }
        } catch {
          // Network error or abort; retried below unless aborted.
        }
        await sleep(Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)), signal);
      }
    })();
    return () => controller.abort();
  }, []);
}

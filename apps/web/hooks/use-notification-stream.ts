'use client';
import type { Notification, NotificationStreamEvents } from '@bitflow/contracts';
import { useEffect, useRef } from 'react';
import { refreshSession } from '@/lib/refresh';
import { useAuthStore } from '@/stores/auth-store';

// The live channel for notifications: GET /api/v1/notifications/stream (Server-Sent Events). It is
// read with fetch() rather than EventSource so the access token goes in the Authorization header,
// never in a URL. A dropped stream reconnects with backoff (and a refreshed token after a 401);
// polling in the bell keeps the badge right while the stream is down.

export interface StreamEvents {
  /** On (re)connect: the unread count at that moment. */
  onReady?: (unread: number) => void;
  /** A new notification for this user (the API's notification object). */
  onNotification?: (notice: Notification) => void;
}

type ReadyEvent = NotificationStreamEvents['ready'];

export function useNotificationStream(events: StreamEvents) {
  const handlers = useRef(events);
  useEffect(() => {
    handlers.current = events;
  });
  const token = useAuthStore((s) => s.accessToken);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const dispatch = (block: string) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) return; // a keep-alive comment
      try {
        const payload: unknown = JSON.parse(data.join('\n'));
        if (event === 'ready') handlers.current.onReady?.((payload as ReadyEvent).unread);
        if (event === 'notification') handlers.current.onNotification?.(payload as Notification);
      } catch {
        // A malformed event is skipped; the next poll corrects the badge.
      }
    };

    const connect = async () => {
      try {
        const res = await fetch('/api/v1/notifications/stream', { headers: { Authorization: `Bearer ${useAuthStore.getState().accessToken}`, Accept: 'text/event-stream' }, signal: controller.signal });
        if (res.status === 401) {
          // The token expired: refreshing it changes `token`, which reconnects through this effect.
          await refreshSession().catch(() => undefined);
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        attempt = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n/g, '\n');
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        }
        throw new Error('stream closed');
      } catch {
        if (controller.signal.aborted) return;
        attempt += 1;
        timer = setTimeout(() => void connect(), Math.min(30_000, 1000 * 2 ** attempt));
      }
    };
    void connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [token]);
}

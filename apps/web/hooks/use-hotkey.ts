'use client';
import { useEffect, useEffectEvent } from 'react';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/** Calls `handler` when `key` is pressed outside a text field and without modifiers (e.g. "/"). */
export function useHotkey(key: string, handler: (e: KeyboardEvent) => void) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
    e.preventDefault();
    handler(e);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

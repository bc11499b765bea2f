import { describe, expect, it } from 'vitest';
import { toDbTime, toIso } from './time.js';

describe('toIso', () => {
  it('gives what Date would for stored timestamps, with or without milliseconds', () => {
    for (const iso of ['2026-11-25T10:00:00.123Z', '1999-12-31T23:59:59.999Z', '2024-02-29T00:00:00.000Z']) {
      const stored = toDbTime(new Date(iso));
      expect(toIso(stored)).toBe(iso);
      expect(toIso(stored)).toBe(new Date(`${stored.replace(' ', 'T')}Z`).toISOString());
    }
    expect(toIso('2026-11-25 10:00:00')).toBe('2026-11-25T10:00:00.000Z');
    expect(toIso('2026-11-25T10:00:00.5')).toBe('2026-11-25T10:00:00.500Z');
    expect(toIso(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.006Z');
    expect(toIso(null)).toBeNull();
  });
});

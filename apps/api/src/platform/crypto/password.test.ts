import { afterEach, describe, expect, it, vi } from 'vitest';
import { cryptoLanes } from './crypto-lanes.js';
import { hashPassword, verifyPassword } from './password.js';

// A counter inside the limited function: the real argon2 verify/hash, wrapped.
const probe = vi.hoisted(() => ({ inFlight: 0, most: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  const counted =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      probe.most = Math.max(probe.most, ++probe.inFlight);
      try {
        return await fn(...a);
      } finally {
        probe.inFlight--;
      }
    };
  return { ...real, hash: counted(real.hash), verify: counted(real.verify) };
});

const before = cryptoLanes.limit;
afterEach(() => cryptoLanes.setLimit(before));

describe('password hashing in crypto lanes', () => {
  it.each([1, 2])('N+3 concurrent verifies (N = %i) never run more than N at once', async (n) => {
    cryptoLanes.setLimit(n);
    const stored = await hashPassword('correct horse battery');
    probe.most = 0;
    const results = await Promise.all(Array.from({ length: n + 3 }, (_, i) => verifyPassword(stored, i % 2 ? 'correct horse battery' : 'wrong')));
    expect(results).toEqual(Array.from({ length: n + 3 }, (_, i) => i % 2 === 1));
    expect(probe.most).toBe(n);
    expect(probe.inFlight).toBe(0);
  });

  it('hashes queue in the same lanes', async () => {
    cryptoLanes.setLimit(1);
    probe.most = 0;
    const hashes = await Promise.all([hashPassword('a-password-1'), hashPassword('a-password-2'), hashPassword('a-password-3')]);
    expect(probe.most).toBe(1);
    // OWASP's minimum for argon2id, unchanged: m=19 MiB, t=2, p=1.
    for (const h of hashes) expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('a verify that fails (malformed hash) releases its lane', async () => {
    cryptoLanes.setLimit(1);
    const stored = await hashPassword('correct horse battery');
    const [bad, good] = await Promise.all([verifyPassword('not-an-argon2-hash', 'x'), verifyPassword(stored, 'correct horse battery')]);
    expect([bad, good]).toEqual([false, true]);
    expect([cryptoLanes.running, cryptoLanes.queued]).toEqual([0, 0]);
  });
});

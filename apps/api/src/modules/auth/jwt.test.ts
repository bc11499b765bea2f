import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoLanes } from '../../platform/crypto/crypto-lanes.js';
import { loadKeyRing, type KeyRing } from '../../platform/crypto/jwt-keys.js';
import { Tokens } from './jwt.js';

const jwtConfig = { keysDir: '', issuer: 'test-iss', audience: 'test-aud', accessTtlSeconds: 900, refreshTtlDays: 30 };
let dir: string;
let ring: KeyRing;
const before = cryptoLanes.limit;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-lanes-'));
  ring = await loadKeyRing({ dir, generateIfEmpty: true });
}, 60_000);
afterAll(() => {
  cryptoLanes.setLimit(before);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('access token signing in crypto lanes', () => {
  it('CRYPTO_CONCURRENCY from the config sets the lanes', () => {
    new Tokens(ring, { ...jwtConfig, cryptoConcurrency: 3 });
    expect(cryptoLanes.limit).toBe(3);
    new Tokens(ring, jwtConfig); // unset: the lanes keep their limit
    expect(cryptoLanes.limit).toBe(3);
  });

  it('signing waits for a lane; verifying does not, and the memo of verified tokens still answers', async () => {
    const tokens = new Tokens(ring, { ...jwtConfig, cryptoConcurrency: 1 });
    const first = await tokens.signAccess({ sub: 'u1', sid: 's1', tid: null });

    let release!: () => void;
    const held = cryptoLanes.run(() => new Promise<void>((r) => (release = r)));
    const signing = tokens.signAccess({ sub: 'u2', sid: 's2', tid: 't2' });
    expect([cryptoLanes.running, cryptoLanes.queued]).toEqual([1, 1]);

    // Verification (reads) goes straight through while the only lane is taken.
    const payload = await tokens.verify(first, 'at+jwt');
    expect(payload).toMatchObject({ sub: 'u1', sid: 's1', iss: 'test-iss', aud: 'test-aud' });
    expect(await tokens.verify(first, 'at+jwt')).toBe(payload); // the memo: the same object, no RSA check
    expect(cryptoLanes.queued).toBe(1);

    release();
    await held;
    const second = await signing;
    expect(await tokens.verify(second, 'at+jwt')).toMatchObject({ sub: 'u2', tid: 't2' });
    expect(await tokens.verify(second, 'mfa+jwt')).toBeNull(); // typ still pinned
    expect([cryptoLanes.running, cryptoLanes.queued]).toEqual([0, 0]);
  });
});

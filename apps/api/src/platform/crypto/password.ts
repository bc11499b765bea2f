import { hash, verify } from '@node-rs/argon2';
import { cryptoLanes } from './crypto-lanes.js';

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1): ~60 ms here, memory-hard, and the binary ships
// inside the npm package (no compiler, no download). bcrypt cost 12 costs ~500 ms per login.
// p=1: one thread per hash. Each hash/verify is a napi async task on libuv's thread pool; it waits
// for a crypto lane first (crypto-lanes.ts), so sign-ins cannot take every core from the event loop.
const OPTIONS = { algorithm: 2 /* Argon2id (a const enum, inlined for isolatedModules) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return cryptoLanes.run(() => hash(plain, OPTIONS));
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await cryptoLanes.run(() => verify(stored, plain));
  } catch {
    return false;
  }
}

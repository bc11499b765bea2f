import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1): ~60 ms here, memory-hard, and the binary ships
// inside the npm package (no compiler, no download). bcrypt cost 12 costs ~500 ms per login.
const OPTIONS = { algorithm: 2 /* Argon2id (a const enum, inlined for isolatedModules) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

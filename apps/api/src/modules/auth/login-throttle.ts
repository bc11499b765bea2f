import { AppError } from '../../http/app-error.js';
import type { Cache } from '../../platform/cache.js';

// Failed sign-ins are counted per account and per IP in the shared cache (Redis in production, so
// every API node sees the same counts). Past the limit: 429 with Retry-After until the window ends.
const WINDOW_SECONDS = 15 * 60;
const MAX_PER_ACCOUNT = 5;
const MAX_PER_IP = 30;

export class LoginThrottle {
  constructor(private readonly cache: Cache) {}

  private keys(email: string, ip: string) {
    return { account: `login-fail:acct:${email.toLowerCase()}`, ip: `login-fail:ip:${ip}` };
  }

  async assertAllowed(email: string, ip: string) {
    const k = this.keys(email, ip);
    const [acct, byIp] = await Promise.all([this.read(k.account), this.read(k.ip)]);
    const blocked = (acct?.count ?? 0) >= MAX_PER_ACCOUNT ? acct : (byIp?.count ?? 0) >= MAX_PER_IP ? byIp : null;
    if (blocked) {
      throw new AppError('RATE_LIMITED', 'Too many sign-in attempts. Please try again later.', undefined, {
        'Retry-After': String(blocked.ttlSeconds),
      });
    }
  }

  async recordFailure(email: string, ip: string) {
    const k = this.keys(email, ip);
    await Promise.all([this.safeIncr(k.account), this.safeIncr(k.ip)]);
  }

  async reset(email: string) {
    const key = `login-fail:acct:${email.toLowerCase()}`;
    await this.cache.del(key, `${key}:meta`).catch(() => undefined);
  }

  private async read(key: string): Promise<{ count: number; ttlSeconds: number } | null> {
    try {
      const raw = await this.cache.get(`${key}:meta`);
      if (!raw) return null;
      const { count, until } = JSON.parse(raw) as { count: number; until: number };
      return { count, ttlSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)) };
    } catch {
      return null; // cache down: fail open for throttling rather than lock everyone out
    }
  }

  private async safeIncr(key: string) {
    try {
      const { count, ttlSeconds } = await this.cache.incr(key, WINDOW_SECONDS);
      // The counter's window, readable with a plain GET (the Cache interface has no TTL read).
      await this.cache.set(`${key}:meta`, JSON.stringify({ count, until: Date.now() + ttlSeconds * 1000 }), ttlSeconds);
    } catch {
      /* see read() */
    }
  }
}

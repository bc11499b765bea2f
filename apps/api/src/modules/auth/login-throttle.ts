import { AppError } from '../../core/app-error.js';
import { MemoryCache, type Cache } from '../../platform/cache.js';

// Sign-in throttling, in the shared cache (Redis in production, so every API node sees the same counts).
//
// Per account: an attempt takes a numbered slot (one atomic INCR) BEFORE the password is verified, and
// only slots 1–5 of a window are verified at all. Counting after the verification, as before, let 100
// parallel guesses all pass the "fewer than 5 failures?" check before any failure was written. A
// successful sign-in frees the account's slots.
//
// Per address: failures are counted in fixed windows; past MAX_PER_IP the address may still sign in to
// accounts that signed in successfully from it before (remembered 30 days), but not to any other. A
// campus or company behind one NAT address keeps working for its regular users while someone there
// sprays guesses; credential stuffing from that address reaches no new account. (Refusing only unknown
// accounts instead would tell the sprayer which e-mails exist.)
//
// If the shared cache fails, the counters fall back to this process's memory: limited per node rather
// than not at all.
const WINDOW_SECONDS = 15 * 60;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_IP = 100;
const KNOWN_PAIR_SECONDS = 30 * 86_400;

const limited = (seconds: number) =>
  new AppError('RATE_LIMITED', 'Too many sign-in attempts. Please try again later.', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(seconds))),
  });

export class LoginThrottle {
  private readonly local = new MemoryCache();
  constructor(private readonly cache: Cache) {}

  private keys(email: string, ip: string) {
    const account = email.trim().toLowerCase();
    const bucket = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
    return {
      account: `login:acct:${account}`,
      ip: `login:ip:${ip}:${bucket}`,
      ipWindowEnds: (bucket + 1) * WINDOW_SECONDS - Date.now() / 1000,
      pair: `login:ok:${ip}:${account}`,
    };
  }

  /**
   * Takes one of the account's attempts for this window, or throws 429. Call it before verifying the
   * credential; the slot is kept when the attempt fails and released by `succeeded`.
   */
  async reserve(email: string, ip: string) {
    const k = this.keys(email, ip);
    const ipFailures = Number((await this.use((c) => c.get(k.ip))) ?? 0);
    if (ipFailures >= MAX_PER_IP && !(await this.use((c) => c.get(k.pair)))) throw limited(k.ipWindowEnds);
    const slot = await this.use((c) => c.incr(k.account, WINDOW_SECONDS));
    if (slot.count > MAX_PER_ACCOUNT) throw limited(slot.ttlSeconds);
  }

  /** A reserved attempt (password or second factor) failed: the account keeps the slot; the address gets a failure. */
  async failed(email: string, ip: string) {
    const k = this.keys(email, ip);
    await this.use((c) => c.incr(k.ip, Math.ceil(k.ipWindowEnds)));
  }

  /** A reserved attempt succeeded: the account's slots are freed and the address remembered for it. */
  async succeeded(email: string, ip: string) {
    const k = this.keys(email, ip);
    await Promise.all([this.use((c) => c.del(k.account)), this.local.del(k.account), this.use((c) => c.set(k.pair, '1', KNOWN_PAIR_SECONDS))]);
  }

  // The shared cache, or this process's memory while the shared one fails.
  private async use<T>(op: (c: Cache) => Promise<T>): Promise<T> {
    if (this.cache.kind === 'memory') return op(this.cache);
    try {
      return await op(this.cache);
    } catch {
      return op(this.local);
    }
  }
}

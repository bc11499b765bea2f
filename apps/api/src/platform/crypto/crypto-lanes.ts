import os from 'node:os';

// Lanes for CPU-heavy crypto: argon2id hash/verify (~11 ms) and RSA-4096 signing (~5 ms). Both run
// off the event loop, on libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default): node:crypto's
// WebCrypto jobs and @node-rs/argon2's napi async tasks alike. So on 2 cores four sign-ins in
// flight take both cores from the event loop, and reads wait. At most `limit` jobs run at once; the
// rest wait in arrival order (FIFO). One set of lanes per process, shared by hashing and signing.
// Verifying a JWT (an RSA public-key operation, ~0.1 ms, and memoised) does not queue here: reads
// must never wait behind sign-ins.

/** CRYPTO_CONCURRENCY's default: 1 on ≤ 2 cores (the event loop keeps a core), else cores − 1. */
export function defaultCryptoConcurrency(cores = os.availableParallelism()): number {
  return cores <= 2 ? 1 : cores - 1;
}

export class Lanes {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private max: number) {
    Lanes.check(max);
  }

  private static check(n: number) {
    if (!(n === Infinity || (Number.isInteger(n) && n >= 1))) throw new RangeError(`lane limit must be a whole number ≥ 1, not ${n}`);
  }

  get limit() {
    return this.max;
  }

  /** Jobs running now. */
  get running() {
    return this.active;
  }

  /** Jobs waiting for a lane. */
  get queued() {
    return this.waiting.length;
  }

  setLimit(n: number) {
    Lanes.check(n);
    this.max = n;
    this.pump();
  }

  /** Runs `job` when a lane is free; its slot is released however it ends (value, rejection or throw). */
  async run<T>(job: () => Promise<T>): Promise<T> {
    // A waiter is handed its slot by pump() (counted there), so a newcomer cannot overtake it.
    if (this.active < this.max && this.waiting.length === 0) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await job();
    } finally {
      this.active--;
      this.pump();
    }
  }

  private pump() {
    while (this.active < this.max && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

/** The process's lanes: password hashing/verifying (password.ts) and token signing (auth/jwt.ts). */
export const cryptoLanes = new Lanes(defaultCryptoConcurrency());

import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

// Fan-out of live events (notifications) to whichever API node holds the user's connection:
// Redis pub/sub in production, an in-process emitter in the embedded default.
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryPubSub implements PubSub {
  private readonly bus = new EventEmitter().setMaxListeners(0);
  async publish(channel: string, message: string) {
    this.bus.emit(channel, message);
  }
  async subscribe(channel: string, onMessage: (m: string) => void) {
    this.bus.on(channel, onMessage);
    return async () => {
      this.bus.off(channel, onMessage);
    };
  }
  async close() {
    this.bus.removeAllListeners();
  }
}

export class RedisPubSub implements PubSub {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);

  constructor(url: string, private readonly prefix: string) {
    const opts = { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 2_000 };
    this.pub = new Redis(url, opts);
    // A subscribed connection can do nothing else: one per process, shared by all listeners.
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub]) c.on('error', () => undefined);
    this.sub.on('message', (channel: string, message: string) => this.local.emit(channel, message));
  }
  async publish(channel: string, message: string) {
    await this.pub.publish(this.prefix + channel, message);
  }
  async subscribe(channel: string, onMessage: (m: string) => void) {
    const full = this.prefix + channel;
    if (this.local.listenerCount(full) === 0) await this.sub.subscribe(full);
    this.local.on(full, onMessage);
    return async () => {
      this.local.off(full, onMessage);
      if (this.local.listenerCount(full) === 0) await this.sub.unsubscribe(full).catch(() => undefined);
    };
  }
  async close() {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

export function openPubSub(redisUrl: string | undefined, prefix: string): PubSub {
  return redisUrl ? new RedisPubSub(redisUrl, prefix) : new MemoryPubSub();
}

import { JOBS, type JobName, type JobPayload } from '@bitflow/contracts';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';

// The job queue behind one interface: BullMQ on Redis in production (any number of `npm run worker`
// processes), an in-process runner in the embedded default. Both retry with exponential backoff and
// keep failed jobs (the dead letters) for God Mode to inspect.

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, attempt: number) => Promise<void> };

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  error: string;
  attempts: number;
  failed_at: string;
}

/**
 * How a job is enqueued. `jobId` makes enqueueing idempotent: a second enqueue of an id that is
 * still waiting, running or delayed is dropped (both adapters). `attempts`/`backoffMs` override the
 * defaults for jobs that may wait longer (mail: an SMTP server down for minutes).
 */
export interface EnqueueOptions {
  jobId?: string;
  attempts?: number;
  /** First retry delay; doubled on each further retry. */
  backoffMs?: number;
}

export interface JobQueue {
  readonly kind: 'memory' | 'bullmq';
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<void>;
  /** Starts consuming with these handlers (the worker, or the API process in the embedded mode). */
  startWorker(handlers: JobHandlers, concurrency?: number): void;
  counts(): Promise<Record<string, number>>;
  failed(limit?: number): Promise<FailedJob[]>;
  close(): Promise<void>;
}

const ATTEMPTS = 3;
const BACKOFF_MS = 1_000;

interface MemoryJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
}

export class MemoryQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private readonly pending: MemoryJob[] = [];
  /** Ids of jobs waiting, running or delayed: a second enqueue of one is dropped, as BullMQ does. */
  private readonly live = new Set<string>();
  private readonly dead: FailedJob[] = [];
  private handlers: JobHandlers | null = null;
  private active = 0;
  private completed = 0;
  private concurrency = 2;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}) {
    JOBS[name].parse(payload);
    const id = opts.jobId ?? `${Date.now()}-${Math.random()}`;
    if (this.live.has(id)) return;
    this.live.add(id);
    this.pending.push({ id, name, payload, attempts: 0, maxAttempts: opts.attempts ?? ATTEMPTS, backoffMs: opts.backoffMs ?? BACKOFF_MS });
    this.pump();
  }

  startWorker(handlers: JobHandlers, concurrency = 2) {
    this.handlers = handlers;
    this.concurrency = concurrency;
    this.pump();
  }

  private pump() {
    while (this.handlers && !this.closed && this.active < this.concurrency && this.pending.length) {
      const job = this.pending.shift()!;
      this.active++;
      job.attempts++;
      const handler = this.handlers[job.name] as (p: unknown, a: number) => Promise<void>;
      handler(job.payload, job.attempts)
        .then(() => {
          this.completed++;
          this.live.delete(job.id);
        })
        .catch((err: unknown) => {
          if (job.attempts < job.maxAttempts && !this.closed) {
            const t = setTimeout(() => {
              this.timers.delete(t);
              this.pending.push(job);
              this.pump();
            }, job.backoffMs * 2 ** (job.attempts - 1));
            this.timers.add(t);
          } else {
            this.live.delete(job.id);
            this.dead.unshift({ id: job.id, name: job.name, payload: job.payload, error: err instanceof Error ? err.message : String(err), attempts: job.attempts, failed_at: new Date().toISOString() });
            this.dead.length = Math.min(this.dead.length, 500);
          }
        })
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.pending.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  /** Resolves when nothing is running or waiting (tests, graceful shutdown). */
  idle(): Promise<void> {
    if (this.active === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async counts() {
    return { waiting: this.pending.length, active: this.active, completed: this.completed, failed: this.dead.length, delayed: this.timers.size };
  }
  async failed(limit = 50) {
    return this.dead.slice(0, limit);
  }
  async close() {
    await this.idle();
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
  }
}

export class BullQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly lockMs = 30_000,
  ) {
    // The producer fails fast while Redis is down (the request answers an error) instead of
    // queueing the command until Redis returns; workers keep their own, patient connection.
    // It also reconnects every ≤2 s, not on BullMQ's default backoff of up to 20 s.
    const producer = { ...(connection as object), enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 5_000, retryStrategy: (n: number) => Math.min(n * 200, 2_000) };
    this.queue = new Queue('jobs', { connection: producer, prefix: `${prefix}bull` });
    // Connection errors surface as failed enqueues (503) and in /up, not as console noise.
    this.queue.on('error', () => undefined);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}) {
    JOBS[name].parse(payload);
    await this.queue.add(name, payload, {
      jobId: opts.jobId,
      attempts: opts.attempts ?? ATTEMPTS,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? BACKOFF_MS },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
  }

  startWorker(handlers: JobHandlers, concurrency = 2) {
    this.worker = new Worker(
      'jobs',
      async (job) => {
        const payload = JOBS[job.name as JobName].parse(job.data);
        await (handlers[job.name as JobName] as (p: unknown, a: number) => Promise<void>)(payload, job.attemptsMade + 1);
      },
      // A crashed worker's job is picked up again once its lock expires (stalled-job recovery).
      // Locks are renewed every quarter of their life and any worker looks for stalled jobs every
      // tenth, so a job is back within ~0.75–1.1× WORKER_LOCK_MS of a crash; with BullMQ's defaults
      // (renew at half, check once per lock) it took up to twice that.
      {
        connection: this.connection, prefix: `${this.prefix}bull`, concurrency, lockDuration: this.lockMs,
        lockRenewTime: Math.floor(this.lockMs / 4), stalledInterval: Math.max(200, Math.floor(this.lockMs / 10)),
      },
    );
    this.worker.on('error', () => undefined);
  }

  async counts() {
    return this.queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  }
  async failed(limit = 50) {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((j) => ({ id: String(j.id), name: j.name, payload: j.data, error: j.failedReason, attempts: j.attemptsMade, failed_at: new Date(j.finishedOn ?? j.timestamp).toISOString() }));
  }
  async close() {
    await this.worker?.close();
    await this.queue.close();
  }
}

export function openQueue(redisUrl: string | undefined, prefix: string, lockMs?: number): JobQueue {
  if (!redisUrl) return new MemoryQueue();
  const u = new URL(redisUrl);
  return new BullQueue(
    { host: u.hostname, port: Number(u.port || 6379), password: u.password || undefined, username: u.username || undefined, db: Number(u.pathname.slice(1) || 0), tls: u.protocol === 'rediss:' ? {} : undefined, maxRetriesPerRequest: null },
    prefix,
    lockMs,
  );
}

import type { JobQueueState, PlatformHealth, Tenant } from '@bitflow/contracts';
import { toIso } from '../../db/time.js';
import type { Platform } from '../../platform/index.js';
import type { ConsoleRepository } from './console.repository.js';

/** How long a dependency took to answer its ping, or down. */
async function probe(ping: () => Promise<void>) {
  const t = performance.now();
  try {
    await ping();
    return { status: 'up' as const, latency_ms: Math.round((performance.now() - t) * 10) / 10 };
  } catch {
    return { status: 'down' as const, latency_ms: null };
  }
}

// The God Mode console: tenants with usage, the job queue with its dead letters, platform health.
export class ConsoleService {
  constructor(
    private readonly repo: ConsoleRepository,
    private readonly platform: Platform,
  ) {}

  async tenants(q: { page: number; per_page: number; q?: string; status?: string }): Promise<{ items: Tenant[]; total: number }> {
    const { items, total } = await this.repo.tenants(q);
    const rows = items.map((r) => ({
      id: r.id, name: r.name, code: r.code, status: r.status as Tenant['status'], suspended_reason: r.suspended_reason, created_at: toIso(r.created_at),
      students: Number(r.students), users: Number(r.users), colleges: Number(r.colleges), courses: Number(r.courses), last_activity_at: toIso(r.last_activity_at),
    }));
    return { items: rows, total };
  }

  async jobs(limit: number): Promise<JobQueueState> {
    const { queue } = this.platform;
    const [counts, failed] = await Promise.all([queue.counts(), queue.failed(limit)]);
    return { driver: queue.kind, counts, failed };
  }

  async health(): Promise<PlatformHealth> {
    const p = this.platform;
    const [database, cache, storage, totals, jobs] = await Promise.all([
      probe(() => p.database.ping()),
      probe(() => p.cache.ping()),
      probe(() => p.storage.ping()),
      this.repo.counts(),
      p.queue.counts().catch(() => null),
    ]);
    const mem = process.memoryUsage();
    return {
      mode: p.config.mode,
      dependencies: {
        database: { ...database, driver: p.database.dialect },
        cache: { ...cache, driver: p.cache.kind },
        storage: { ...storage, driver: p.storage.kind },
        mail: { driver: p.mailer.kind },
        queue: { driver: p.queue.kind, counts: jobs },
      },
      totals,
      process: { uptime_seconds: Math.round(process.uptime()), rss_mb: Math.round(mem.rss / 1048576), heap_used_mb: Math.round(mem.heapUsed / 1048576), node: process.version },
    };
  }
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics for one process. Default metrics include event-loop lag, heap and GC.
export class Metrics {
  readonly registry = new Registry();
  readonly http = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry] });
  readonly db = new Histogram({ name: 'db_query_duration_seconds', help: 'Database query duration', labelNames: ['kind'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1], registers: [this.registry] });
  readonly dbPoolWait = new Histogram({ name: 'db_pool_wait_seconds', help: 'Time a query waited for a pooled MySQL connection', buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1], registers: [this.registry] });
  readonly dbRouted = new Counter({ name: 'db_queries_routed_total', help: 'Queries by the pool they ran on (with DATABASE_READ_URL)', labelNames: ['target'], registers: [this.registry] });
  readonly dbErrors = new Counter({ name: 'db_query_errors_total', help: 'Failed database queries', registers: [this.registry] });
  readonly cache = new Counter({ name: 'cache_requests_total', help: 'Cache reads by result', labelNames: ['result'], registers: [this.registry] });
  readonly jobs = new Counter({ name: 'jobs_processed_total', help: 'Background jobs by name and outcome', labelNames: ['name', 'outcome'], registers: [this.registry] });
  readonly jobDuration = new Histogram({ name: 'job_duration_seconds', help: 'Background job processing time', labelNames: ['name'], buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [this.registry] });
  readonly queue = new Gauge({ name: 'queue_jobs', help: 'Jobs in the queue by state', labelNames: ['state'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }
}

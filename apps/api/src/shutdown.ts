import type { FastifyInstance } from 'fastify';

// Graceful shutdown on SIGTERM/SIGINT: stop accepting connections, let every request in flight
// finish — streamed answers too (CSV exports, downloads) — then close the adapters and exit 0.
// Notification streams never finish by themselves; their route closes them in `preClose`, and
// the browser reconnects to another node. What is still open when the budget is spent is cut,
// and the process exits 1 so the orchestrator knows the drain was not clean.

export const DRAIN_BUDGET_MS = 15_000;

export interface ShutdownOptions {
  budgetMs?: number;
  /** process.exit in the server; tests pass a recorder. */
  exit?: (code: number) => void;
}

export async function shutdownGracefully(app: FastifyInstance, signal: string, opts: ShutdownOptions = {}): Promise<number> {
  const budgetMs = opts.budgetMs ?? DRAIN_BUDGET_MS;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  app.log.info({ signal, budgetMs }, 'shutting down: draining requests in flight');
  let timer: NodeJS.Timeout | undefined;
  const spent = new Promise<'spent'>((resolve) => {
    timer = setTimeout(() => resolve('spent'), budgetMs);
    timer.unref();
  });
  // Node closes the connections idle at the moment of close() only; a keep-alive connection whose
  // request finishes during the drain would stay open until its keep-alive timeout (72 s), holding
  // the close. Closing idle ones as they appear ends each just after its answer is complete.
  const sweeper = setInterval(() => app.server.closeIdleConnections(), 100);
  sweeper.unref();
  let code: number;
  try {
    const outcome = await Promise.race([app.close().then(() => 'drained' as const), spent]);
    if (outcome === 'spent') {
      app.log.warn({ budgetMs }, 'drain budget spent: closing the connections still open');
      app.server.closeAllConnections();
    }
    code = outcome === 'drained' ? 0 : 1;
  } catch (err) {
    app.log.error({ err }, 'error during shutdown');
    code = 1;
  } finally {
    clearTimeout(timer);
    clearInterval(sweeper);
  }
  exit(code);
  return code;
}

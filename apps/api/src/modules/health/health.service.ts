import type { Health } from '@bitflow/contracts';
import type { Platform } from '../../platform/index.js';

type State = 'up' | 'down';

// Each dependency's state. Each probe is time-boxed so a hung dependency cannot hang the health check.
async function probe(fn: () => Promise<void>, timeoutMs = 2_000): Promise<State> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** The state of the database, the cache and the storage, and which of them are down. */
export async function checkHealth(platform: Platform): Promise<{ health: Health; down: string[] }> {
  const [database, cache, storage] = await Promise.all([
    probe(() => platform.database.ping()),
    probe(() => platform.cache.ping()),
    probe(() => platform.storage.ping()),
  ]);
  const checks: Health['checks'] = {
    database: { status: database, driver: platform.database.dialect },
    cache: { status: cache, driver: platform.cache.kind },
    storage: { status: storage, driver: platform.storage.kind },
  };
  const down = Object.entries(checks).filter(([, c]) => c.status === 'down').map(([name]) => name);
  return { health: { status: down.length ? 'down' : 'up', checks }, down };
}

import mysql from 'mysql2/promise';
import { env } from './env.mjs';

// The data set in memory before the first measurement. A fresh MariaDB has a 128 MB buffer pool; the
// 1M-student data set is ~1.5 GB, so a run on such a server measured disk reads (first run of
// 2026-12-02: 274 of 2,488 list statements over 25 ms, SQL alone at half its warm rate). The pool
// is raised to hold the data set and its indexes with a quarter to spare (online in MariaDB 10.2+
// and MySQL 5.7+; needs SUPER or SYSTEM_VARIABLES_ADMIN, else the run goes on and says so), then
// every index of every table is read once, so the first endpoint measured finds the same warm pages
// as the last one and a run does not depend on what ran before it.

const GB = 2 ** 30;

export async function warmDatabase(log) {
  const c = await mysql.createConnection({ uri: env.dbUrl });
  try {
    const [[size]] = await c.query('SELECT SUM(data_length + index_length) AS bytes FROM information_schema.tables WHERE table_schema = DATABASE()');
    const dataBytes = Number(size.bytes);
    const resized = await ensureBufferPool(c, dataBytes, log);
    const t0 = performance.now();
    const [indexes] = await c.query('SELECT DISTINCT table_name AS t, index_name AS i FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY table_name, index_name');
    for (const { t, i } of indexes) await c.query(`SELECT COUNT(*) FROM \`${t}\` FORCE INDEX (\`${i}\`)`);
    const preloadSeconds = (performance.now() - t0) / 1000;
    log(`read ${indexes.length} indexes into the buffer pool in ${preloadSeconds.toFixed(1)} s`);
    return { data_bytes: dataBytes, buffer_pool_resized: resized, indexes_read: indexes.length, preload_seconds: preloadSeconds };
  } finally {
    await c.end();
  }
}

/**
 * Raises innodb_buffer_pool_size to hold `dataBytes` with a quarter to spare, when it is smaller.
 * Also used by the generator before loading: index pages that stay in memory while 3M rows go in
 * are not written out and read back for every insert (on a 128 MB pool the load waited on the disk).
 */
export async function ensureBufferPool(c, dataBytes, log) {
  const [[bp]] = await c.query('SELECT @@innodb_buffer_pool_size AS bytes');
  const want = Math.ceil((dataBytes * 1.25) / GB) * GB;
  if (Number(bp.bytes) >= want) return null;
  try {
    await c.query(`SET GLOBAL innodb_buffer_pool_size = ${want}`);
    await resizeDone(c);
    log(`innodb_buffer_pool_size ${(Number(bp.bytes) / 2 ** 20).toFixed(0)} MB → ${(want / GB).toFixed(0)} GB (data set and indexes ${(dataBytes / GB).toFixed(2)} GB)`);
    return { from: Number(bp.bytes), to: want };
  } catch (err) {
    log(`warning: innodb_buffer_pool_size is ${(Number(bp.bytes) / 2 ** 20).toFixed(0)} MB for a data set of ${(dataBytes / GB).toFixed(2)} GB and could not be raised (${err.message}): reads may hit the disk`);
    return null;
  }
}

/** A resize runs in the background after SET GLOBAL; wait until the server says it has finished. */
async function resizeDone(c) {
  for (let i = 0; i < 120; i++) {
    const [[s]] = await c.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
    const text = String(s?.Value ?? '');
    if (!text || /completed|finished/i.test(text)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

import type { MysqlPool } from 'kysely';
import type { Pool, PoolConnection } from 'mysql2';

// A deadline for every MySQL query Kysely sends, so a stalled server cannot hold a request (or a
// job) forever. mysql2 reports a timed-out query but keeps using the connection, whose statement
// may still be running on the server, so that connection is destroyed instead of going back to
// the pool. Streamed queries (no callback) are left alone: their duration is the reader's pace.

const PATCHED = Symbol('query-timeout');
type Callback = (err: { code?: string } | null, ...rest: unknown[]) => void;

function patch(conn: PoolConnection, ms: number) {
  const tagged = conn as PoolConnection & { [PATCHED]?: true };
  if (tagged[PATCHED]) return;
  tagged[PATCHED] = true;
  const query = conn.query.bind(conn) as (...args: unknown[]) => unknown;
  let cutOff: { code?: string } | null = null;
  (conn as unknown as { query: (sql: unknown, values: unknown, done?: Callback) => unknown }).query = (sql, values, done) => {
    if (typeof sql !== 'string' || typeof done !== 'function') return query(sql, values, done);
    // A statement after the cut-off (a transaction's ROLLBACK) fails with the deadline's error, not
    // mysql2's "closed state": the caller's error is then the deadline (503), never an unknown 500.
    if (cutOff) return void process.nextTick(done, cutOff);
    return query({ sql, timeout: ms }, values, (err: { code?: string } | null, ...rest: unknown[]) => {
      if (err?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
        cutOff = err;
        conn.destroy();
      }
      done(err, ...rest);
    });
  };
}

/**
 * The pool as Kysely sees it; `ownsPool: false` leaves ending the pool to another instance.
 * `onWait` hears how long each query waited for a connection: with every connection busy, queries
 * queue here, and that wait is in no query's own duration.
 */
export function timedPool(pool: Pool, ms: number, ownsPool = true, onWait?: (seconds: number) => void): MysqlPool {
  return {
    getConnection(callback) {
      const asked = onWait ? performance.now() : 0;
      pool.getConnection((err, conn) => {
        onWait?.((performance.now() - asked) / 1000);
        if (!err && ms > 0) patch(conn, ms);
        // `as never`: mysql2's callback and Kysely's MysqlPool name the same connection by two types.
        callback(err, conn as never);
      });
    },
    end(callback) {
      if (ownsPool) pool.end(callback);
      else callback(undefined);
    },
  };
}

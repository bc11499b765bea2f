import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// The embedded database's driver, picked for the running Node. better-sqlite3 12 (node::ObjectWrap)
// aborts the process on Node >= 24.19 when a statement is garbage-collected ("Assertion failed:
// (env) != nullptr" in RemoveEnvironmentCleanupHook, nodejs/node#65446); 13 uses Node-API and ships
// its binaries in the package, but needs Node >= 22 and segfaults on 20. Both are installed
// (13 under the alias better-sqlite3-napi) and both have the same API, so Node 20 loads 12 and
// Node 22+ loads 13.
const require = createRequire(import.meta.url);

export const SQLITE_DRIVER = Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

export const Database = require(SQLITE_DRIVER) as typeof BetterSqlite3;

import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

// Read/write splitting for DATABASE_READ_URL. Kysely asks the driver for a connection before it
// knows the query, so the connection handed out here is a router: it borrows a real connection from
// the primary or the replica per query, and pins itself to the primary once a transaction begins.
//
// A plain SELECT goes to the replica only inside a request that allowed it (GET/HEAD, see
// http/read-routing.ts) and has not written yet. Everything else goes to the primary: writes, raw
// SQL, locking reads, transactions, and any query outside a request (workers, scheduler, CLI) —
// so a lost async context fails safe onto the primary instead of serving a stale read.

export interface ReadRouting {
  /** The request may read from the replica until it writes. */
  replicaAllowed: boolean;
  /** Set by the first write (or transaction); later reads in the request see it on the primary. */
  wrote: boolean;
}

const context = new AsyncLocalStorage<ReadRouting>();

/** Runs `fn` with its own routing state (one per HTTP request). */
export function runWithReadRouting<T>(replicaAllowed: boolean, fn: () => T): T {
  return context.run({ replicaAllowed, wrote: false }, fn);
}

/** From here on, the current request reads from the primary (e.g. before filling a shared cache). */
export function readFromPrimary() {
  const state = context.getStore();
  if (state) state.replicaAllowed = false;
}

/** True while the current request's plain reads may still go to a replica (if one is configured). */
export function mayReadFromReplica(): boolean {
  const state = context.getStore();
  return !!state && state.replicaAllowed && !state.wrote;
}

export type Target = 'primary' | 'replica';

function isPlainRead(q: CompiledQuery): boolean {
  const node = q.query;
  if (node.kind !== 'SelectQueryNode') return false;
  // FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE take locks, which only mean something on the primary.
  return !/\b(for\s+update|for\s+share|lock\s+in\s+share\s+mode)\b/i.test(q.sql);
}

class RoutingConnection implements DatabaseConnection {
  private readonly held = new Map<Target, DatabaseConnection>();
  pinned = false;

  constructor(
    private readonly drivers: Record<Target, Driver>,
    private readonly onRoute?: (target: Target) => void,
  ) {}

  async on(target: Target): Promise<DatabaseConnection> {
    let conn = this.held.get(target);
    if (!conn) {
      conn = await this.drivers[target].acquireConnection();
      this.held.set(target, conn);
    }
    return conn;
  }

  private choose(q: CompiledQuery): Target {
    const state = context.getStore();
    if (!this.pinned && isPlainRead(q) && state?.replicaAllowed && !state.wrote) return 'replica';
    if (state && !isPlainRead(q)) state.wrote = true;
    return 'primary';
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.choose(q);
    this.onRoute?.(target);
    return (await this.on(target)).executeQuery<R>(q);
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const target = this.choose(q);
    this.onRoute?.(target);
    yield* (await this.on(target)).streamQuery<R>(q, chunkSize);
  }

  async release() {
    const held = [...this.held.entries()];
    this.held.clear();
    this.pinned = false;
    await Promise.all(held.map(([target, conn]) => this.drivers[target].releaseConnection(conn)));
  }
}

class RoutingDriver implements Driver {
  constructor(
    private readonly drivers: Record<Target, Driver>,
    private readonly onRoute?: (target: Target) => void,
  ) {}

  async init() {
    await Promise.all([this.drivers.primary.init(), this.drivers.replica.init()]);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this.drivers, this.onRoute);
  }

  private async primaryOf(connection: DatabaseConnection) {
    return (connection as RoutingConnection).on('primary');
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const routing = connection as RoutingConnection;
    routing.pinned = true;
    // A transaction counts as a write: reads after it in the same request must see what it did.
    const state = context.getStore();
    if (state) state.wrote = true;
    this.onRoute?.('primary');
    await this.drivers.primary.beginTransaction(await routing.on('primary'), settings);
  }

  async commitTransaction(connection: DatabaseConnection) {
    await this.drivers.primary.commitTransaction(await this.primaryOf(connection));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await this.drivers.primary.rollbackTransaction(await this.primaryOf(connection));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.drivers.primary.savepoint!(await this.primaryOf(connection), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.drivers.primary.rollbackToSavepoint!(await this.primaryOf(connection), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.drivers.primary.releaseSavepoint!(await this.primaryOf(connection), name, compile);
  }

  async releaseConnection(connection: DatabaseConnection) {
    await (connection as RoutingConnection).release();
  }

  async destroy() {
    await Promise.allSettled([this.drivers.primary.destroy(), this.drivers.replica.destroy()]);
  }
}

/** A dialect that compiles like `primary` and routes each query to the primary's or the replica's pool. */
export function routingDialect(primary: Dialect, replica: Dialect, onRoute?: (target: Target) => void): Dialect {
  return {
    createAdapter: () => primary.createAdapter(),
    createQueryCompiler: () => primary.createQueryCompiler(),
    createIntrospector: (db) => primary.createIntrospector(db),
    createDriver: () => new RoutingDriver({ primary: primary.createDriver(), replica: replica.createDriver() }, onRoute),
  };
}

import { sql } from 'kysely';
import { createTable, index, isMysql, type AnyDb } from '../schema-helpers.js';

// Two audit facts the table alone could not give:
// - audit_logs.college_id: the college of the row's object, recorded by the writer, so a college
//   admin's audit list is a WHERE on the row rather than a join per entity type at read time.
//   Old rows stay NULL (visible to university-level readers only) and keep their hash: college_id
//   enters the hashed form only when it is set.
// - audit_chain_heads: each chain's newest seq and hash, written in the same transaction as the
//   rows and HMAC-signed by the app, so deleting the newest rows (which leaves a chain that still
//   links) shows as a head the table no longer reaches.

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('audit_logs').addColumn('college_id', 'char(36)').execute();
  await index(db, 'audit_logs', 'audit_logs_univ_college_created_idx', ['university_id', 'college_id', 'created_at']);
  // The audit list leaves God Mode's one-row-per-read entries out unless asked (action != …): its
  // capped count reads this index alone, and a list filtered by action walks it in date order.
  await index(db, 'audit_logs', 'audit_logs_action_created_idx', ['action', 'created_at', 'id']);
  await createTable(db, 'audit_chain_heads', (t) =>
    t
      .addColumn('chain_key', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'char(64)', (c) => c.notNull())
      .addColumn('signature', 'varchar(100)')
      .addColumn('updated_at', 'datetime(3)', (c) => c.notNull()),
  );
  // Chains written before this migration get an unsigned head (the app holds the key, not the
  // migration); their next write signs it.
  await sql`
    INSERT INTO audit_chain_heads (chain_key, seq, hash, signature, updated_at)
    SELECT a.chain_key, a.seq, a.hash, NULL, a.created_at
    FROM audit_logs a
    JOIN (SELECT chain_key, MAX(seq) AS seq FROM audit_logs GROUP BY chain_key) m ON m.chain_key = a.chain_key AND m.seq = a.seq
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_chain_heads').ifExists().execute();
  // MySQL names the table of an index; SQLite's DROP INDEX takes no ON.
  for (const name of ['audit_logs_action_created_idx', 'audit_logs_univ_college_created_idx']) {
    const drop = db.schema.dropIndex(name);
    await (isMysql(db) ? drop.on('audit_logs') : drop).execute();
  }
  await db.schema.alterTable('audit_logs').dropColumn('college_id').execute();
}

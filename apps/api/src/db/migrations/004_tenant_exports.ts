import { createTable, index, timestamps, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// God Mode exports of one university's data (GDPR requests): a row per export, the zip in storage.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'tenant_exports', (t) =>
    timestamps(
      uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'requested_by', 'users', { nullable: true, onDelete: 'set null' })
        // generating | completed | failed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('error', 'varchar(1000)')
        .addColumn('storage_key', 'varchar(500)')
        .addColumn('file_size', 'bigint')
        // JSON: rows per table in the zip
        .addColumn('row_counts', 'text')
        .addColumn('completed_at', 'datetime(3)'),
    ),
  );
  await index(db, 'tenant_exports', 'tenant_exports_univ_created_idx', ['university_id', 'created_at']);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('tenant_exports').execute();
}

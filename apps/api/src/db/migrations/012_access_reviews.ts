import { createTable, index, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// Access reviews (issue #21 item 5): a university owner records that an access-review report was
// read and acted on. The row outlives the report it names (set null) and its reviewer's account.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'access_reviews', (t) =>
    uuidRef(
      uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'report_id', 'reports', { nullable: true, onDelete: 'set null' }),
      'reviewed_by', 'users', { nullable: true, onDelete: 'set null' },
    )
      // What the report showed when it was reviewed, kept even if the report goes.
      .addColumn('report_created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('accounts', 'integer', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull()),
  );
  await index(db, 'access_reviews', 'access_reviews_univ_created_idx', ['university_id', 'created_at']);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('access_reviews').execute();
}

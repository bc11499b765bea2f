import { createTable, index, softDelete, timestamps, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// Tables for the background platform: notifications, reports and their schedules, bulk imports,
// uploaded files, and idempotency keys for retried POSTs.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'notifications', (t) =>
    uuidRef(uuidRef(uuidPk(t), 'user_id', 'users'), 'university_id', 'universities', { nullable: true })
      .addColumn('type', 'varchar(50)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('data', 'text')
      .addColumn('read_at', 'datetime(3)')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull()),
  );
  await index(db, 'notifications', 'notifications_user_read_idx', ['user_id', 'read_at', 'created_at']);

  await createTable(db, 'scheduled_reports', (t) =>
    softDelete(
      timestamps(
        uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities', { nullable: true }), 'created_by', 'users', {
          nullable: true,
          onDelete: 'set null',
        })
          .addColumn('college_id', 'char(36)')
          .addColumn('name', 'varchar(200)', (c) => c.notNull())
          .addColumn('type', 'varchar(50)', (c) => c.notNull())
          .addColumn('format', 'varchar(10)', (c) => c.notNull().defaultTo('pdf'))
          .addColumn('parameters', 'text')
          .addColumn('cron', 'varchar(100)', (c) => c.notNull())
          .addColumn('timezone', 'varchar(64)', (c) => c.notNull().defaultTo('UTC'))
          .addColumn('recipients', 'text', (c) => c.notNull())
          // active | paused
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
          .addColumn('next_run_at', 'datetime(3)')
          .addColumn('last_run_at', 'datetime(3)'),
      ),
    ),
  );
  await index(db, 'scheduled_reports', 'scheduled_reports_due_idx', ['status', 'next_run_at']);
  await index(db, 'scheduled_reports', 'scheduled_reports_univ_idx', ['university_id', 'created_at']);

  await createTable(db, 'reports', (t) =>
    timestamps(
      uuidRef(
        uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities', { nullable: true }), 'requested_by', 'users', {
          nullable: true,
          onDelete: 'set null',
        }),
        'scheduled_report_id',
        'scheduled_reports',
        { nullable: true, onDelete: 'set null' },
      )
        .addColumn('college_id', 'char(36)')
        .addColumn('type', 'varchar(50)', (c) => c.notNull())
        .addColumn('format', 'varchar(10)', (c) => c.notNull())
        .addColumn('parameters', 'text')
        // generating | completed | failed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('error', 'varchar(1000)')
        .addColumn('storage_key', 'varchar(500)')
        .addColumn('file_size', 'bigint')
        .addColumn('row_count', 'integer')
        .addColumn('completed_at', 'datetime(3)'),
    ),
  );
  await index(db, 'reports', 'reports_univ_created_idx', ['university_id', 'created_at']);

  await createTable(db, 'imports', (t) =>
    timestamps(
      uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'created_by', 'users', {
        nullable: true,
        onDelete: 'set null',
      })
        .addColumn('college_id', 'char(36)')
        .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('dry_run', 'smallint', (c) => c.notNull().defaultTo(0))
        // queued | processing | completed | failed
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('file_key', 'varchar(500)', (c) => c.notNull())
        .addColumn('original_name', 'varchar(255)')
        .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_report_key', 'varchar(500)')
        .addColumn('error', 'varchar(1000)')
        .addColumn('completed_at', 'datetime(3)'),
    ),
  );
  await index(db, 'imports', 'imports_univ_created_idx', ['university_id', 'created_at']);

  await createTable(db, 'files', (t) =>
    softDelete(
      uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'uploaded_by', 'users', {
        nullable: true,
        onDelete: 'set null',
      })
        .addColumn('college_id', 'char(36)')
        .addColumn('entity_type', 'varchar(50)')
        .addColumn('entity_id', 'char(36)')
        .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('mime_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('checksum', 'char(64)', (c) => c.notNull())
        .addColumn('storage_key', 'varchar(500)', (c) => c.notNull())
        .addColumn('created_at', 'datetime(3)', (c) => c.notNull()),
    ),
  );
  await index(db, 'files', 'files_univ_entity_idx', ['university_id', 'entity_type', 'entity_id']);

  // Stripe-style Idempotency-Key: the first response is replayed for retries of the same request.
  await createTable(db, 'idempotency_keys', (t) =>
    uuidPk(t)
      .addColumn('user_id', 'char(36)', (c) => c.notNull())
      .addColumn('idem_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('method', 'varchar(10)', (c) => c.notNull())
      .addColumn('path', 'varchar(500)', (c) => c.notNull())
      .addColumn('request_hash', 'char(64)', (c) => c.notNull())
      .addColumn('status_code', 'smallint')
      .addColumn('response_body', 'text')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull()),
  );
  await index(db, 'idempotency_keys', 'idempotency_keys_user_key_uq', ['user_id', 'idem_key'], true);
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['idempotency_keys', 'files', 'imports', 'reports', 'scheduled_reports', 'notifications']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

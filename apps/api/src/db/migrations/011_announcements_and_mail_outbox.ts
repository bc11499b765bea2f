import { sql } from 'kysely';
import { createTable, index, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// Announcements (issue #21 item 1) and the mail outbox (item 2).
// - announcements: one row per announcement; the `notification.fanout` job writes one notification
//   per recipient and keeps its place in `resume_after` (the last user id done), so a retry resumes.
// - notifications.announcement_id with a unique (announcement_id, user_id): a retried batch cannot
//   give anyone a second copy. NULLs never collide, so other notifications are unaffected.
// - mail_outbox: each e-mail, sent by the `mail.send` job that names only its id. The message is
//   stored encrypted (it may hold a reset link) and erased once sent; `status` makes a retry after
//   the SMTP server accepted it a no-op.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'announcements', (t) =>
    uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities', { nullable: true }), 'created_by', 'users', { nullable: true, onDelete: 'set null' })
      // The college a college-level audience lies in (audit scope for college admins).
      .addColumn('college_id', 'char(36)')
      // user | role | college | university | platform (every tenant)
      .addColumn('audience', 'varchar(20)', (c) => c.notNull())
      .addColumn('audience_id', 'char(36)')
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('link', 'varchar(500)')
      .addColumn('severity', 'varchar(20)', (c) => c.notNull())
      // queued | sending | sent
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('resume_after', 'char(36)')
      .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('completed_at', 'datetime(3)'),
  );
  await index(db, 'announcements', 'announcements_univ_created_idx', ['university_id', 'created_at']);
  await index(db, 'announcements', 'announcements_status_idx', ['status', 'created_at']);

  await db.schema.alterTable('notifications').addColumn('announcement_id', 'char(36)').execute();
  await index(db, 'notifications', 'notifications_announcement_user_uq', ['announcement_id', 'user_id'], true);

  await createTable(db, 'mail_outbox', (t) =>
    uuidPk(t)
      .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
      .addColumn('subject', 'varchar(300)', (c) => c.notNull())
      // Encrypted JSON {text, html, attachments: [{filename, storage_key}]}; NULL once sent.
      .addColumn('message', sql`mediumtext`)
      // queued | sent | failed
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'varchar(1000)')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('sent_at', 'datetime(3)'),
  );
  await index(db, 'mail_outbox', 'mail_outbox_status_created_idx', ['status', 'created_at']);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mail_outbox').ifExists().execute();
  await db.schema.dropIndex('notifications_announcement_user_uq').on('notifications').execute();
  await db.schema.alterTable('notifications').dropColumn('announcement_id').execute();
  await db.schema.dropTable('announcements').ifExists().execute();
}

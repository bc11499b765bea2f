import { index, type AnyDb } from '../schema-helpers.js';

// Indexes shaped like the student list queries (found with EXPLAIN at 1M students, see BENCHMARKS.md):
// `WHERE university_id = ? AND deleted_at IS NULL ORDER BY last_name, id`. With (university_id,
// deleted_at, last_name, id) the page of ids and the tenant's count are index-only range reads in
// order; before, MariaDB sorted every row of the tenant (or scanned the table) for each page.
// God Mode lists every tenant: `WHERE deleted_at IS NULL ORDER BY last_name, id`.

export async function up(db: AnyDb): Promise<void> {
  await index(db, 'students', 'students_univ_live_last_idx', ['university_id', 'deleted_at', 'last_name', 'id']);
  await index(db, 'students', 'students_live_last_idx', ['deleted_at', 'last_name', 'id']);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('students_live_last_idx').on('students').execute();
  await db.schema.dropIndex('students_univ_live_last_idx').on('students').execute();
}

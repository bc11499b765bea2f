import { index, type AnyDb } from '../schema-helpers.js';

// Found at 1M students (bench/explain.mjs): the faculty list (`WHERE university_id = ? AND deleted_at
// IS NULL ORDER BY last_name, id`) had no index in that order, so every page read and sorted the
// tenant's faculty (8,000 in the largest tenant); these are the students' indexes of migrations
// 005/006 for faculty (platform, university, one college). God Mode's audit log (`ORDER BY
// created_at DESC, id DESC` over every chain) scanned and sorted the whole table — 62,000 rows after
// one bench run, and it grows with every write.

export async function up(db: AnyDb): Promise<void> {
  await index(db, 'faculty', 'faculty_univ_live_last_idx', ['university_id', 'deleted_at', 'last_name', 'id']);
  await index(db, 'faculty', 'faculty_univ_college_live_last_idx', ['university_id', 'college_id', 'deleted_at', 'last_name', 'id']);
  await index(db, 'faculty', 'faculty_live_last_idx', ['deleted_at', 'last_name', 'id']);
  await index(db, 'audit_logs', 'audit_logs_created_idx', ['created_at', 'id']);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('audit_logs_created_idx').on('audit_logs').execute();
  await db.schema.dropIndex('faculty_live_last_idx').on('faculty').execute();
  await db.schema.dropIndex('faculty_univ_college_live_last_idx').on('faculty').execute();
  await db.schema.dropIndex('faculty_univ_live_last_idx').on('faculty').execute();
}

import { sql } from 'kysely';
import { createTable, type AnyDb } from '../schema-helpers.js';

// The dashboard's figures as maintained counters (issue #22 item 4): its aggregates grouped a whole
// tenant on every read after a write (the 200,000-student tenant's 400,000 enrolments included).
// One row per university, college, metric and bucket holds how many live rows fall there; the
// repositories keep it in step in each write's own transaction (modules/dashboard/dashboard-counts.ts),
// and this migration fills it from the rows already there.
//   colleges / departments / courses / faculty: bucket ''
//   student_status: students by status      student_department: students by department id
//   enrollment_term: enrolments by term     enrollment_month: enrolments by 'YYYY-MM' of enrolled_at

const BACKFILL: { table: string; college: string; metric: string; bucket: string }[] = [
  { table: 'colleges', college: 'id', metric: 'colleges', bucket: "''" },
  { table: 'departments', college: 'college_id', metric: 'departments', bucket: "''" },
  { table: 'courses', college: 'college_id', metric: 'courses', bucket: "''" },
  { table: 'faculty', college: 'college_id', metric: 'faculty', bucket: "''" },
  { table: 'students', college: 'college_id', metric: 'student_status', bucket: 'status' },
  { table: 'students', college: 'college_id', metric: 'student_department', bucket: 'department_id' },
  { table: 'enrollments', college: 'college_id', metric: 'enrollment_term', bucket: 'term' },
  { table: 'enrollments', college: 'college_id', metric: 'enrollment_month', bucket: 'SUBSTR(enrolled_at, 1, 7)' },
];

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'dashboard_counts', (t) =>
    t
      .addColumn('university_id', 'char(36)', (c) => c.notNull().references('universities.id').onDelete('cascade'))
      .addColumn('college_id', 'char(36)', (c) => c.notNull())
      .addColumn('metric', 'varchar(30)', (c) => c.notNull())
      .addColumn('bucket', 'varchar(64)', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('dashboard_counts_pk', ['university_id', 'college_id', 'metric', 'bucket']),
  );
  for (const b of BACKFILL) {
    await sql`INSERT INTO dashboard_counts (university_id, college_id, metric, bucket, n)
      SELECT university_id, ${sql.raw(b.college)}, ${b.metric}, ${sql.raw(b.bucket)}, COUNT(*) FROM ${sql.table(b.table)}
      WHERE deleted_at IS NULL GROUP BY university_id, ${sql.raw(b.college)}, ${sql.raw(b.bucket)}`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('dashboard_counts').execute();
}

import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_identity.js';
import * as m003 from './migrations/003_platform.js';
import * as m004 from './migrations/004_tenant_exports.js';
import * as m005 from './migrations/005_student_list_indexes.js';
import * as m006 from './migrations/006_student_college_list_index.js';
import * as m007 from './migrations/007_dashboard_aggregate_indexes.js';
import * as m008 from './migrations/008_faculty_and_audit_list_indexes.js';
import * as m009 from './migrations/009_audit_scope_and_chain_heads.js';
import * as m010 from './migrations/010_role_prerequisites.js';
import * as m011 from './migrations/011_announcements_and_mail_outbox.js';
import * as m012 from './migrations/012_access_reviews.js';
import * as m014 from './migrations/014_upload_kinds.js';
import * as m015 from './migrations/015_dashboard_counts.js';

// Migrations are imported statically so they ship inside the bundle; order is by name.
const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_identity': m002,
  '003_platform': m003,
  '004_tenant_exports': m004,
  '005_student_list_indexes': m005,
  '006_student_college_list_index': m006,
  '007_dashboard_aggregate_indexes': m007,
  '008_faculty_and_audit_list_indexes': m008,
  '009_audit_scope_and_chain_heads': m009,
  '010_role_prerequisites': m010,
  '011_announcements_and_mail_outbox': m011,
  '012_access_reviews': m012,
  '014_upload_kinds': m014,
  '015_dashboard_counts': m015,
};

export const MIGRATION_NAMES = Object.keys(migrations);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

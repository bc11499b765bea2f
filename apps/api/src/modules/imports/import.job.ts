import { IMPORT_ROW_SCHEMAS, type ImportEntity } from '@bitflow/contracts';
import { parse } from 'csv-parse';
import { nowDb } from '../../db/time.js';
import type { Scope } from '../../core/actor.js';
import { csvLine } from '../../platform/csv.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import { mailTemplates } from '../../platform/mail-templates.js';
import type { Storage } from '../../platform/storage.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { encryptPersonal } from '../shared/personal-data.js';
import type { ImportsRepository } from './imports.repository.js';
import { humanIssue } from './row-messages.js';

// The `import.process` processor: streams the CSV, validates each row, resolves codes to ids inside
// the import's scope, and upserts by natural key in batches of 500 — so 50,000 rows never sit in
// memory, and re-running the same file (or a retry after a crash) changes nothing twice. Every bad
// row lands in a downloadable error CSV (row, column, message); good rows still import.

const BATCH = 500;
const NATURAL_KEY = { students: 'admission_number', faculty: 'employee_id', courses: 'code' } as const;
// Applied to new rows only (a multi-row INSERT cannot fall back to column defaults per row);
// updates change just the columns the file gives.
const INSERT_DEFAULTS: Record<ImportEntity, Record<string, unknown>> = {
  students: { year_of_study: 1, status: 'active' },
  faculty: { employment_type: 'full_time', status: 'active' },
  courses: { credits: 3, capacity: 30, status: 'active' },
};

interface RowError {
  row: number;
  column: string;
  message: string;
}

interface Deps {
  repo: ImportsRepository;
  storage: Storage;
  cipher: FieldCipher;
  notifications: NotificationsService;
  portalUrl: string;
  /** The university's academic data changed: cached list pages, totals and dashboards are stale. */
  onChanged?: (universityId: string) => Promise<void>;
}

async function readCsv(storage: Storage, key: string) {
  return (await storage.get(key)).pipe(parse({ columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }));
}

export async function processImport(deps: Deps, importId: string) {
  const imp = await deps.repo.byId(importId);
  if (!imp || imp.status === 'completed' || imp.status === 'failed') return;
  const entity = imp.entity_type as ImportEntity;
  const schema = IMPORT_ROW_SCHEMAS[entity];
  const scope: Scope = imp.college_id ? { level: 'college', universityId: imp.university_id, collegeIds: [imp.college_id] } : { level: 'university', universityId: imp.university_id };
  const dryRun = imp.dry_run === 1;

  // A retry after a crash resumes from the last committed batch: batches and their counts commit
  // together (repo.upsert), so rows through `processed_rows` are in, counted as created or updated
  // by the attempt that wrote them — the retry does not count them again as "updated". The file
  // is still read from the top: the error report is rebuilt from every row.
  const resume = !dryRun && imp.status === 'processing';
  const committedThrough = resume ? Number(imp.processed_rows ?? 0) : 0;

  let total = 0;
  for await (const _ of await readCsv(deps.storage, imp.file_key)) total++;
  await deps.repo.progress(imp.id, resume ? { status: 'processing', total_rows: total } : { status: 'processing', total_rows: total, processed_rows: 0, created_count: 0, updated_count: 0, error_count: 0 });

  const departments = await deps.repo.codes(scope, 'departments');
  const colleges = entity === 'courses' ? await deps.repo.codes(scope, 'colleges') : new Map();
  const errors: RowError[] = [];
  // Rows refused, each counted once however many of its cells are wrong (`errors` has one entry per
  // cell, for the report): error_count and processed_rows count rows, as total_rows does.
  let rejected = 0;
  const seen = new Map<string, number>();
  let created = resume ? Number(imp.created_count ?? 0) : 0;
  let updated = resume ? Number(imp.updated_count ?? 0) : 0;
  let batch: { row: number; values: Record<string, unknown>; key: string }[] = [];

  const flush = async () => {
    if (!batch.length) return;
    // Rows of the file read when this batch closed: the checkpoint, and how a retry knows it.
    const through = batch[batch.length - 1]!.row - 1;
    const committed = through <= committedThrough;
    const existing = await deps.repo.existing(entity, imp.university_id, batch.map((b) => b.key));
    const inserts: Record<string, unknown>[] = [];
    const updates: { id: string; values: Record<string, unknown> }[] = [];
    for (const b of batch) {
      const hit = existing.get(b.key);
      if (hit && scope.level === 'college' && !scope.collegeIds.includes(hit.collegeId)) {
        errors.push({ row: b.row, column: NATURAL_KEY[entity], message: 'This record belongs to another college.' });
        rejected++;
      } else if (hit) updates.push({ id: hit.id, values: b.values });
      else inserts.push({ university_id: imp.university_id, ...INSERT_DEFAULTS[entity], ...b.values });
    }
    batch = [];
    // Written by the attempt that died: its errors are collected again above, nothing else.
    if (committed) return;
    created += inserts.length;
    updated += updates.length;
    const progress = { processed_rows: through, created_count: created, updated_count: updated, error_count: rejected };
    if (dryRun) return deps.repo.progress(imp.id, progress);
    await deps.repo.upsert(entity, inserts, updates, { importId: imp.id, progress });
    await deps.onChanged?.(imp.university_id);
  };

  let rowNo = 1; // the header is row 1, as a spreadsheet shows it
  for await (const record of await readCsv(deps.storage, imp.file_key)) {
    rowNo++;
    const parsed = schema.safeParse(record, { error: humanIssue });
    if (!parsed.success) {
      const refused = new Set<string>();
      for (const issue of parsed.error.issues) {
        refused.add(String(issue.path[0] ?? ''));
        errors.push({ row: rowNo, column: String(issue.path[0] ?? ''), message: issue.message });
      }
      // The codes are checked too, so one pass over the report shows everything wrong in the row.
      const placed = place(entity, record as Record<string, unknown>, departments, colleges);
      if ('error' in placed && !refused.has(placed.error.column)) errors.push({ row: rowNo, ...placed.error });
      rejected++;
      continue;
    }
    const data = parsed.data as Record<string, unknown>;
    const key = String(data[NATURAL_KEY[entity]]);
    if (seen.has(key)) {
      errors.push({ row: rowNo, column: NATURAL_KEY[entity], message: `Duplicate of row ${seen.get(key)} in this file.` });
      rejected++;
      continue;
    }
    seen.set(key, rowNo);
    const placed = place(entity, data, departments, colleges);
    if ('error' in placed) {
      errors.push({ row: rowNo, ...placed.error });
      rejected++;
      continue;
    }
    batch.push({ row: rowNo, key, values: toColumns(entity, data, placed, deps.cipher) });
    if (batch.length >= BATCH) await flush();
  }
  await flush();

  let errorKey: string | null = null;
  if (errors.length) {
    errorKey = `imports/${imp.university_id}/${imp.id}-errors.csv`;
    const lines = [csvLine(['row', 'column', 'message']), ...errors.sort((a, b) => a.row - b.row).map((e) => csvLine([e.row, e.column, e.message]))];
    await deps.storage.put(errorKey, Buffer.from(lines.join('')), 'text/csv');
  }
  await deps.repo.progress(imp.id, { status: 'completed', processed_rows: rowNo - 1, created_count: created, updated_count: updated, error_count: rejected, error_report_key: errorKey, completed_at: nowDb() });
  if (imp.created_by) {
    // Rows, not messages: a row with three bad cells is one row with errors.
    const summary = `${created} new, ${updated} updated, ${rejected} ${rejected === 1 ? 'row' : 'rows'} with errors.`;
    await deps.notifications.notify({
      userIds: [imp.created_by], universityId: imp.university_id, type: 'import.finished',
      title: `${dryRun ? 'Dry run' : 'Import'} of ${entity} finished`,
      body: summary, data: { import_id: imp.id },
    }, (to) => mailTemplates.importFinished(to, `${dryRun ? 'Dry run' : 'Import'} of ${entity}: ${summary}`, deps.portalUrl));
  }
}

type Placed = { departmentId?: string; collegeId: string } | { error: { column: string; message: string } };

function place(entity: ImportEntity, d: Record<string, unknown>, departments: Map<string, { id: string; collegeId: string }>, colleges: Map<string, { id: string; collegeId: string }>): Placed {
  if (entity === 'courses') {
    const college = colleges.get(String(d.college_code).toLowerCase());
    if (!college) return { error: { column: 'college_code', message: `Unknown college code '${String(d.college_code)}'.` } };
    if (!d.department_code) return { collegeId: college.id };
    const dept = departments.get(String(d.department_code).toLowerCase());
    if (!dept) return { error: { column: 'department_code', message: `Unknown department code '${String(d.department_code)}'.` } };
    if (dept.collegeId !== college.id) return { error: { column: 'department_code', message: `Department '${String(d.department_code)}' is not in college '${String(d.college_code)}'.` } };
    return { collegeId: college.id, departmentId: dept.id };
  }
  const dept = departments.get(String(d.department_code).toLowerCase());
  if (!dept) return { error: { column: 'department_code', message: `Unknown department code '${String(d.department_code)}'.` } };
  return { collegeId: dept.collegeId, departmentId: dept.id };
}

function toColumns(entity: ImportEntity, d: Record<string, unknown>, placed: { departmentId?: string; collegeId: string }, cipher: FieldCipher) {
  const { department_code: _d, college_code: _c, phone, date_of_birth, ...rest } = d;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const base = { ...defined, college_id: placed.collegeId, ...(placed.departmentId ? { department_id: placed.departmentId } : {}) };
  if (entity === 'courses') return base;
  return { ...base, ...encryptPersonal(cipher, { phone: phone as string | undefined, date_of_birth: date_of_birth as string | undefined }) };
}

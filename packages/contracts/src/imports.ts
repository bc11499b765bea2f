import { z } from 'zod';
import { ZPageQuery } from './envelope.js';
import { FACULTY_STATUSES, STUDENT_STATUSES } from './academic.js';

// Bulk CSV imports. Rows name departments and colleges by code (what a registrar's spreadsheet has),
// and are upserted by their natural key, so running the same file twice changes nothing.
export const IMPORT_ENTITIES = ['students', 'faculty', 'courses'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
/** `queued` until a worker takes it, `processing` while it reads rows, then `completed` or `failed`. */
export const IMPORT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const req = (max: number) => z.string().trim().min(1, 'This field is required.').max(max);
const code = req(50).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots, dashes or underscores.');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD.');

export const IMPORT_ROW_SCHEMAS = {
  students: z.object({
    admission_number: code,
    first_name: req(100),
    last_name: req(100),
    email: opt(z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.'))),
    phone: opt(z.string().trim().max(30)),
    date_of_birth: opt(date),
    department_code: code,
    program: opt(z.string().trim().max(200)),
    year_of_study: opt(z.coerce.number().int().min(1).max(10)),
    status: opt(z.enum(STUDENT_STATUSES)),
  }),
  faculty: z.object({
    employee_id: code,
    first_name: req(100),
    last_name: req(100),
    email: opt(z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.'))),
    phone: opt(z.string().trim().max(30)),
    department_code: code,
    designation: opt(z.string().trim().max(100)),
    employment_type: opt(z.enum(['full_time', 'part_time', 'visiting'])),
    hire_date: opt(date),
    status: opt(z.enum(FACULTY_STATUSES)),
  }),
  courses: z.object({
    code,
    title: req(200),
    college_code: code,
    department_code: opt(code),
    credits: opt(z.coerce.number().int().min(0).max(30)),
    term: z.string().trim().regex(/^\d{4}-(SP|SU|FA|WI)$/, 'Use a term like 2026-FA.'),
    capacity: opt(z.coerce.number().int().min(1).max(5000)),
    status: opt(z.enum(['active', 'inactive', 'archived'])),
  }),
} as const;

export const ZImportFields = z
  .object({
    entity_type: z.enum(IMPORT_ENTITIES),
    dry_run: z.enum(['true', 'false']).default('false'),
    university_id: z.uuid().optional(),
  })
  .strict();

export const ZImportListQuery = ZPageQuery.extend({ status: z.enum(IMPORT_STATUSES).optional() }).strict();

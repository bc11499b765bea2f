import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';
import { IMPORT_ENTITIES, IMPORT_STATUSES } from '../imports.js';

// What the import routes answer. Timestamps are ISO 8601 in UTC. The rows an import refused are a
// CSV file (error_report_url), declared on its route with fileAnswer().

const id = z.uuid();
const when = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

export const ZImport = z
  .strictObject({
    id,
    university_id: id,
    entity_type: z.enum(IMPORT_ENTITIES),
    dry_run: z.boolean().describe('A dry run validates every row and writes none.'),
    status: z.enum(IMPORT_STATUSES),
    original_name: z.string().nullable(),
    total_rows: count,
    processed_rows: count,
    progress: z.number().int().min(0).max(100).describe('Percent of the rows processed.'),
    created_count: count,
    updated_count: count,
    error_count: count.describe('Rows refused; the error report lists each with why.'),
    error: z.string().nullable().describe('Why the import failed as a whole; null otherwise.'),
    error_report_url: z.string().nullable().describe('Path of the CSV of refused rows; null when there is none.'),
    created_at: when,
    completed_at: when.nullable(),
  })
  .meta({ id: 'Import' });

export const ZImportEnvelope = successEnvelope(ZImport).meta({ id: 'ImportEnvelope' });
export const ZImportListEnvelope = listEnvelope(ZImport).meta({ id: 'ImportList' });

export type Import = z.infer<typeof ZImport>;

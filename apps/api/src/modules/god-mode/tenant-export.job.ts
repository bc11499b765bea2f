import { PassThrough } from 'node:stream';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { Storage } from '../../platform/storage.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { PERSONAL_FIELDS } from '../shared/personal-data.js';
import { EXPORT_TABLES, type TenantExportRepository } from './tenant-export.repository.js';

// The `tenant.export` processor: one university's data as a zip for a GDPR request — a JSON file
// per tenant table (an array, one row per line), the link tables, the uploaded files themselves,
// and a manifest. Streamed: one page of rows at a time goes through the zip into storage.
// Rerun-safe like reports: it acts only on an export still `generating`, writes to a key derived
// from the export id, and completes with a conditional update.

/** Credentials are not personal data to hand out: never in an export. */
const OMIT: Partial<Record<string, string[]>> = { users: ['password_hash', 'mfa_secret_enc', 'mfa_recovery_codes'] };

export interface TenantExportDeps {
  repo: TenantExportRepository;
  storage: Storage;
  cipher: FieldCipher;
  notifications: NotificationsService;
}

function present(table: string, row: Record<string, unknown>, cipher: FieldCipher) {
  const out: Record<string, unknown> = { ...row };
  for (const col of OMIT[table] ?? []) delete out[col];
  // Personal fields are exported readable: the data subject is entitled to them.
  for (const f of PERSONAL_FIELDS) {
    if (`${f}_enc` in out) {
      out[f] = cipher.decrypt(out[`${f}_enc`] as string | null);
      delete out[`${f}_enc`];
    }
  }
  return out;
}

export async function exportTenant(deps: TenantExportDeps, exportId: string, attempt: number, maxAttempts: number) {
  const job = await deps.repo.byId(exportId);
  if (!job || job.status !== 'generating') return;
  try {
    const uni = await deps.repo.university(job.university_id);
    const out = new PassThrough();
    const zip = new Zip((err, chunk, final) => {
      if (err) return void out.destroy(err);
      out.write(chunk);
      if (final) out.end();
    });
    const key = `exports/${job.university_id}/${job.id}.zip`;
    const stored = deps.storage.put(key, out, 'application/zip');
    // Awaited below; this only keeps an early storage failure from counting as unhandled meanwhile.
    stored.catch(() => undefined);
    const drain = async () => {
      while (out.readableLength > 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
    };
    const counts: Record<string, number> = {};
    const files: { storage_key: string; id: string; original_name: string }[] = [];

    const jsonEntry = async (name: string, pages: AsyncIterable<Record<string, unknown>[]>, transform: (r: Record<string, unknown>) => Record<string, unknown>) => {
      const entry = new ZipDeflate(`tables/${name}.json`, { level: 6 });
      zip.add(entry);
      let n = 0;
      entry.push(strToU8('['));
      for await (const page of pages) {
        const text = page.map((r) => `${n++ ? ',' : ''}\n${JSON.stringify(transform(r))}`).join('');
        entry.push(strToU8(text));
        await drain();
      }
      entry.push(strToU8(`${n ? '\n' : ''}]\n`), true);
      counts[name] = n;
    };

    try {
      for (const table of EXPORT_TABLES) {
        await jsonEntry(table, deps.repo.rows(table, job.university_id), (r) => {
          if (table === 'files') files.push(r as (typeof files)[number]);
          return present(table, r, deps.cipher);
        });
      }
      const once = async function* <T>(rows: Promise<T[]>) {
        yield (await rows) as Record<string, unknown>[];
      };
      await jsonEntry('user_roles', once(deps.repo.userRoles(job.university_id)), (r) => r);
      await jsonEntry('role_permissions', once(deps.repo.rolePermissions(job.university_id)), (r) => r);
      // The uploaded files themselves (photos, documents), stored as they are.
      for (const f of files) {
        const entry = new ZipPassThrough(`files/${f.id}-${f.original_name.replace(/[^\w.-]+/g, '_')}`);
        zip.add(entry);
        const body = await deps.storage.get(f.storage_key).catch(() => null);
        if (body) {
          for await (const chunk of body) {
            entry.push(chunk as Uint8Array);
            await drain();
          }
        }
        entry.push(new Uint8Array(0), true);
      }
      const manifest = new ZipDeflate('manifest.json');
      zip.add(manifest);
      manifest.push(
        strToU8(JSON.stringify({ export_id: job.id, university: uni ?? { id: job.university_id }, generated_at: new Date().toISOString(), format: 'one JSON array per table, one row per line', row_counts: counts, files: files.length, omitted: ['users.password_hash', 'users.mfa_secret_enc', 'users.mfa_recovery_codes', 'sessions', 'refresh_tokens', 'user_tokens', 'idempotency_keys'] }, null, 2)),
        true,
      );
      zip.end();
    } catch (err) {
      out.destroy(err as Error);
      throw err;
    }
    const { size } = await stored;
    const completed = await deps.repo.complete(job.id, { storageKey: key, size, rowCounts: counts });
    if (completed && job.requested_by) {
      await deps.notifications.notify({ userIds: [job.requested_by], universityId: null, type: 'export.ready', title: `Data export of ${uni?.name ?? 'a university'} is ready`, data: { export_id: job.id } });
    }
  } catch (err) {
    if (attempt >= maxAttempts) await deps.repo.fail(job.id, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

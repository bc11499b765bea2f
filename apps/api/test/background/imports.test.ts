import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer } from '../helpers/factories.js';

let ctx: TestContext;
let owner: string;
let viewer: string;
let collegeAdmin: string;

beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo', viewer: 'viewer@northbridge.demo', collegeAdmin: 'admin.bus@northbridge.demo' });
  ({ ctx } = demo);
  ({ owner, viewer, collegeAdmin } = demo.tokens);
});
afterAll(() => ctx.close());

function multipart(csv: string, filename = 'students.csv', type = 'text/csv') {
  const boundary = `----bf${Math.random().toString(16).slice(2)}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function runImport(token: string, query: string, csv: string, filename?: string) {
  const m = multipart(csv, filename);
  const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/imports?${query}`, payload: m.payload, headers: { ...m.headers, ...bearer(token) } });
  if (res.statusCode !== 202) return res;
  const id = res.json().data.id;
  for (let i = 0; i < 400; i++) {
    const s = await ctx.app.inject({ url: `/api/v1/imports/${id}`, headers: bearer(token) });
    if (['completed', 'failed'].includes(s.json().data.status)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const count = async (table: 'students' | 'courses') => (await ctx.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n;

const CSV = [
  'admission_number,first_name,last_name,email,department_code,year_of_study,phone',
  'IMP-001,Ada,Lovelace,ada@example.test,CS,2,+1 555 9001',
  'IMP-002,Alan,Turing,alan@example.test,cs,3,',
  'IMP-003,Grace,Hopper,,MATH,,',
  'IMP-004,NoLast,,x@example.test,CS,1,',
  'IMP-005,Bad,Dept,,NOPE,1,',
  'IMP-001,Dup,Row,,CS,1,',
  'IMP-006,Bad,Year,,CS,twelve,',
].join('\n');

describe('bulk import', () => {
  it('dry run validates every row, writes nothing, and reports errors by row and column', async () => {
    const before = Number(await count('students'));
    const res = await runImport(owner, 'entity_type=students&dry_run=true', CSV);
    const d = res.json().data;
    expect(d).toMatchObject({ status: 'completed', dry_run: true, created_count: 3, updated_count: 0, error_count: 4, total_rows: 7, progress: 100 });
    expect(Number(await count('students'))).toBe(before);
    const errors = (await ctx.app.inject({ url: d.error_report_url, headers: bearer(owner) })).body.trim().split('\n');
    expect(errors[0]).toBe('row,column,message');
    expect(errors.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['5,last_name', '6,department_code', '7,admission_number', '8,year_of_study']);
  });

  it('imports the good rows, encrypts personal data, and is safe to run again', async () => {
    const before = Number(await count('students'));
    // The list total is cached; the import must make the next read see its rows.
    const listTotal = async () => (await ctx.app.inject({ url: '/api/v1/students?per_page=1', headers: bearer(owner) })).json().data.pagination.total;
    const totalBefore = await listTotal();
    const first = (await runImport(owner, 'entity_type=students', CSV)).json().data;
    expect(first).toMatchObject({ created_count: 3, updated_count: 0, error_count: 4 });
    expect(Number(await count('students'))).toBe(before + 3);
    expect(await listTotal()).toBe(totalBefore + 3);
    const again = (await runImport(owner, 'entity_type=students', CSV)).json().data;
    expect(again).toMatchObject({ created_count: 0, updated_count: 3 });
    expect(Number(await count('students'))).toBe(before + 3);
    const ada = await ctx.platform.database.db.selectFrom('students').select(['phone_enc', 'year_of_study']).where('admission_number', '=', 'IMP-001').executeTakeFirstOrThrow();
    expect(ada.phone_enc).not.toContain('9001');
    expect(ctx.platform.cipher.decrypt(ada.phone_enc)).toBe('+1 555 9001');
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      const notes = (await ctx.app.inject({ url: '/api/v1/notifications', headers: bearer(owner) })).json().data.items;
      found = notes.some((n: { type: string }) => n.type === 'import.finished');
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toBe(true);
  });

  it('counts a row with several wrong cells once, and reports each cell', async () => {
    const csv = 'admission_number,first_name,last_name,email,department_code,year_of_study\nIMP-101,,,not-an-email,CS,twelve\nIMP-102,Good,Row,,CS,1\n';
    const d = (await runImport(owner, 'entity_type=students&dry_run=true', csv)).json().data;
    expect(d).toMatchObject({ status: 'completed', total_rows: 2, processed_rows: 2, created_count: 1, error_count: 1, progress: 100 });
    const report = (await ctx.app.inject({ url: d.error_report_url, headers: bearer(owner) })).body.trim().split('\n').slice(1);
    expect(report.map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['2,email', '2,first_name', '2,last_name', '2,year_of_study']);
  });

  it('imports courses by college and department code', async () => {
    const csv = 'code,title,college_code,department_code,term,capacity\nNEW101,New Course,ENG,CS,2027-SP,25\nNEW102,Wrong Dept,BUS,CS,2027-SP,25\n';
    const d = (await runImport(owner, 'entity_type=courses', csv, 'courses.csv')).json().data;
    expect(d).toMatchObject({ created_count: 1, error_count: 1 });
  });

  it('keeps a college admin inside their college', async () => {
    const csv = 'admission_number,first_name,last_name,department_code\nCOL-1,In,Scope,ACC\nCOL-2,Out,Scope,CS\nIMP-002,Other,College,ACC\n';
    const d = (await runImport(collegeAdmin, 'entity_type=students', csv)).json().data;
    expect(d).toMatchObject({ created_count: 1, error_count: 2 });
  });

  it('refuses non-CSV files, missing files and callers without the rights', async () => {
    const m = multipart('not a csv', 'photo.png', 'image/png');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/imports?entity_type=students', payload: m.payload, headers: { ...m.headers, ...bearer(owner) } })).statusCode).toBe(422);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/imports?entity_type=students', payload: {}, headers: bearer(owner) })).statusCode).toBe(415);
    expect((await runImport(viewer, 'entity_type=students', CSV)).statusCode).toBe(403);
    expect((await runImport(owner, 'entity_type=unicorns', CSV)).statusCode).toBe(422);
  });

  it('streams a 2,000-row file in batches', async () => {
    const rows = ['admission_number,first_name,last_name,department_code'];
    for (let i = 0; i < 2000; i++) rows.push(`BULK-${i},First${i},Last${i},EE`);
    const d = (await runImport(owner, 'entity_type=students', rows.join('\n'))).json().data;
    expect(d).toMatchObject({ status: 'completed', created_count: 2000, error_count: 0, total_rows: 2000 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// The error report and the "import finished" notice speak the registrar's language: every problem
// of a row is listed (an unknown department code too, beside a bad number), in plain words rather
// than parser text, and the notice counts rows with errors, not messages.

let ctx: TestContext;
let owner: Awaited<ReturnType<typeof signInAs>>;
let deptCode: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  const uni = await createUniversity(db);
  deptCode = (await db.selectFrom('departments').select('code').where('id', '=', uni.departmentId).executeTakeFirstOrThrow()).code;
  owner = await signInAs(ctx.app, db, 'university_owner', uni);
});
afterAll(() => ctx.close());

async function runImport(csv: string) {
  const boundary = `----bf${Math.random().toString(16).slice(2)}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="students.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/imports?entity_type=students', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...owner.headers } });
  expect(res.statusCode).toBe(202);
  const id = res.json().data.id as string;
  for (let i = 0; i < 400; i++) {
    const s = (await ctx.app.inject({ url: `/api/v1/imports/${id}`, headers: owner.headers })).json().data;
    if (s.status === 'completed' || s.status === 'failed') return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('import error report and notice', () => {
  it('lists every problem of a row in plain words, and counts rows with errors once each', async () => {
    const csv = [
      'admission_number,first_name,last_name,department_code,year_of_study,status',
      'ERR-1,Ada,,NOPE,twelve,',
      `ERR-2,Bob,Okay,${deptCode},2.5,`,
      'ERR-3,Cy,Okay,GHOST,2,',
      `ERR-4,Di,Okay,${deptCode},1,asleep`,
      `ERR-5,Ed,Okay,${deptCode},3,`,
    ].join('\n');
    const d = await runImport(csv);
    expect(d).toMatchObject({ status: 'completed', total_rows: 5, created_count: 1, error_count: 4 });

    const report = (await ctx.app.inject({ url: d.error_report_url, headers: owner.headers })).body.trim().split('\n').slice(1);
    const cells = report.map((l) => {
      const [row, column, ...rest] = l.split(',');
      return `${row} ${column}: ${rest.join(',').replace(/^"|"$/g, '').replace(/""/g, '"')}`;
    });
    expect(cells.sort()).toEqual([
      "2 department_code: Unknown department code 'NOPE'.",
      '2 last_name: This field is required.',
      '2 year_of_study: Year of study must be a number.',
      '3 year_of_study: Year of study must be a whole number.',
      "4 department_code: Unknown department code 'GHOST'.",
      '5 status: Status must be one of: active, inactive, graduated, suspended, withdrawn.',
    ]);
    expect(report.join('\n')).not.toMatch(/expected|received|Invalid input/i);

    let notice: { body: string } | undefined;
    for (let i = 0; i < 100 && !notice; i++) {
      const items = (await ctx.app.inject({ url: '/api/v1/notifications', headers: owner.headers })).json().data.items as { type: string; body: string; data: { import_id: string } }[];
      notice = items.find((n) => n.type === 'import.finished' && n.data.import_id === d.id);
      if (!notice) await new Promise((r) => setTimeout(r, 50));
    }
    // Four rows are wrong (six messages between them).
    expect(notice?.body).toBe('1 new, 0 updated, 4 rows with errors.');
  });
});

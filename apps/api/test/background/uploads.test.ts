import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

let ctx: TestContext;
let owner: Awaited<ReturnType<typeof signInAs>>;
let stranger: Awaited<ReturnType<typeof signInAs>>;
let studentId: string;

// A real 1×1 PNG: uploads check the structure, not just the magic bytes (upload-types.test.ts).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

beforeAll(async () => {
  ctx = await createTestContext();
  const uni = await createUniversity(ctx.platform.database.db);
  owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
  stranger = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', await createUniversity(ctx.platform.database.db));
  studentId = (await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: owner.headers, payload: { department_id: uni.departmentId, admission_number: 'UP-1', first_name: 'Up', last_name: 'Loader' } })).json().data.id;
});
afterAll(() => ctx.close());

function upload(headers: Record<string, string>, data: Buffer, filename = 'photo.png', target = `entity_type=student&entity_id=${studentId}`) {
  const boundary = '----bfupload';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({ method: 'POST', url: `/api/v1/uploads?${target}`, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('uploads', () => {
  it('stores a file per tenant, checks its real type, and downloads it byte for byte within scope', async () => {
    const res = await upload(owner.headers, PNG);
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json().data;
    expect(f).toMatchObject({ mime_type: 'image/png', size: PNG.length, entity_type: 'student', entity_id: studentId });
    const dl = await ctx.app.inject({ url: f.download_url, headers: owner.headers });
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect((await ctx.app.inject({ url: f.download_url, headers: stranger.headers })).statusCode).toBe(404);
    const fake = await upload(owner.headers, Buffer.from('MZ\x90\x00 this is an executable'), 'innocent.png');
    expect(fake.statusCode).toBe(415);
    expect((await upload(stranger.headers, PNG)).statusCode).toBe(422); // another tenant's student
  });

  it('limits uploads to 20 an hour per user, with Retry-After', async () => {
    const me = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', { id: (await ctx.app.inject({ url: '/api/v1/auth/me', headers: owner.headers })).json().data.user.university_id, collegeId: '' });
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await upload(me.headers, PNG)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes[20]).toBe(429);
    const last = await upload(me.headers, PNG);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json().success).toBe(false);
  });
});

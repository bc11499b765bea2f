import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// A person's photo is an image (kind=photo), the newest one is their picture, and it is shown
// through a resized preview: WebP to a client that takes it, JPEG otherwise, rendered once per
// width and kept in storage, cacheable with an ETag. Uploading or deleting a person's file takes
// the right to update that person, besides uploads.*.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let owner: Awaited<ReturnType<typeof signInAs>>;
let studentId: string;
let facultyId: string;

const WEBP_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8'; // Chromium's image Accept
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A real 400×200 JPEG whose EXIF says "rotate 90° clockwise to view" (a phone held upright) and names its camera. */
const sidewaysJpeg = () =>
  sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366cc' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'SecretCam', Model: 'Serial-1234' } })
    .toBuffer();
const squarePng = (size: number) => sharp({ create: { width: size, height: size, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();

/** A well-formed PNG (chunks, CRCs) whose header claims width×height pixels: what a decompression bomb looks like. */
const pngClaiming = (width: number, height: number) => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1])), chunk('IEND', Buffer.alloc(0))]);
};

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(ctx.platform.database.db);
  owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
  studentId = (await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: owner.headers, payload: { department_id: uni.departmentId, admission_number: 'TH-1', first_name: 'Thumb', last_name: 'Nail' } })).json().data.id;
  const fac = await ctx.app.inject({ method: 'POST', url: '/api/v1/faculty', headers: owner.headers, payload: { department_id: uni.departmentId, employee_id: 'TH-E1', first_name: 'Fac', last_name: 'Ulty' } });
  expect(fac.statusCode, fac.body).toBe(201);
  facultyId = fac.json().data.id;
});
afterAll(() => ctx.close());

// A fresh user per test where several uploads are made: uploads are limited to 20 an hour each.
const someone = (role = 'university_owner') => signInAs(ctx.app, ctx.platform.database.db, role, uni);

function upload(headers: Record<string, string>, data: Buffer, filename: string, target: string) {
  const boundary = '----bfthumbs';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({ method: 'POST', url: `/api/v1/uploads?${target}`, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
const toStudent = (kind?: string) => `entity_type=student&entity_id=${studentId}${kind ? `&kind=${kind}` : ''}`;
const toFaculty = (kind?: string) => `entity_type=faculty&entity_id=${facultyId}${kind ? `&kind=${kind}` : ''}`;

describe('upload thumbnails', () => {
  it('serves a photo resized and upright, WebP when accepted and JPEG otherwise, without its EXIF', async () => {
    const me = await someone();
    const res = await upload(me.headers, await sidewaysJpeg(), 'me.jpg', toStudent('photo'));
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json().data;
    expect(f).toMatchObject({ kind: 'photo', mime_type: 'image/jpeg', thumbnail_url: `/api/v1/uploads/${f.id}/thumbnail` });

    const webp = await ctx.app.inject({ url: `${f.thumbnail_url}?w=200`, headers: { ...me.headers, accept: WEBP_ACCEPT } });
    expect(webp.statusCode, webp.body).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.headers.vary).toMatch(/accept/i);
    expect(webp.headers['cache-control']).toBe('private, max-age=86400');
    const meta = await sharp(webp.rawPayload).metadata();
    // w=200 is rendered at 256; 400×200 turned upright is 200×400, so it fits as 128×256.
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 128, 256]);
    expect(meta.exif).toBeUndefined();
    expect(webp.rawPayload.includes('SecretCam')).toBe(false);

    const jpeg = await ctx.app.inject({ url: `${f.thumbnail_url}?w=64`, headers: { ...me.headers, accept: 'image/png,image/*' } });
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(jpeg.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 32, height: 64 });

    // Never enlarged; a width over the largest step is the largest step.
    const big = await ctx.app.inject({ url: `${f.thumbnail_url}?w=4000`, headers: { ...me.headers, accept: WEBP_ACCEPT } });
    expect(await sharp(big.rawPayload).metadata()).toMatchObject({ width: 200, height: 400 });
  });

  it('renders a width once, keeps it in storage, and answers 304 to a current ETag', async () => {
    const me = await someone();
    const f = (await upload(me.headers, await squarePng(600), 'sq.png', toStudent('photo'))).json().data;
    const first = await ctx.app.inject({ url: `${f.thumbnail_url}?w=128`, headers: { ...me.headers, accept: WEBP_ACCEPT } });
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{16}-128\.webp"$/);

    // The original gone from storage: the kept rendering still answers, byte for byte.
    const { storage_key } = await ctx.platform.database.db.selectFrom('files').select('storage_key').where('id', '=', f.id).executeTakeFirstOrThrow();
    await ctx.platform.storage.delete(storage_key);
    const again = await ctx.app.inject({ url: `${f.thumbnail_url}?w=100`, headers: { ...me.headers, accept: WEBP_ACCEPT } });
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(again.headers.etag).toBe(etag);

    const notModified = await ctx.app.inject({ url: `${f.thumbnail_url}?w=128`, headers: { ...me.headers, accept: WEBP_ACCEPT, 'if-none-match': `W/${etag}` } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    // Another format is another rendering (and another ETag): the JPEG is not the WebP's 304.
    const otherFormat = await ctx.app.inject({ url: `${f.thumbnail_url}?w=128`, headers: { ...me.headers, accept: 'image/jpeg', 'if-none-match': etag } });
    expect(otherFormat.statusCode).not.toBe(304);
  });

  it('lists the newest photo first as the person’s picture, apart from their documents', async () => {
    const me = await someone();
    const older = (await upload(me.headers, await squarePng(40), 'old.png', toStudent('photo'))).json().data;
    const doc = (await upload(me.headers, PDF, 'transcript.pdf', toStudent())).json().data;
    const newer = (await upload(me.headers, await squarePng(50), 'new.png', toStudent('photo'))).json().data;
    expect(doc).toMatchObject({ kind: 'document', thumbnail_url: null });
    const photos = await ctx.app.inject({ url: `/api/v1/uploads?${toStudent('photo')}&per_page=1`, headers: me.headers });
    expect(photos.json().data.items.map((x: { id: string }) => x.id)).toEqual([newer.id]);
    const docs = await ctx.app.inject({ url: `/api/v1/uploads?${toStudent('document')}`, headers: me.headers });
    expect(docs.json().data.items.map((x: { id: string }) => x.id)).toContain(doc.id);
    expect(docs.json().data.items.map((x: { id: string }) => x.id)).not.toContain(older.id);
  });

  it('refuses a PDF as a photo, a thumbnail of a PDF, and an image too large to decode, with 422', async () => {
    const me = await someone();
    const asPhoto = await upload(me.headers, PDF, 'cv.pdf', toStudent('photo'));
    expect(asPhoto.statusCode).toBe(422);
    expect(asPhoto.json().errors.kind).toBeDefined();
    const bomb = await upload(me.headers, pngClaiming(10_000, 10_000), 'huge.png', toStudent('photo'));
    expect(bomb.statusCode, bomb.body).toBe(422);
    expect(bomb.json().errors.kind[0]).toMatch(/megapixels/);
    expect((await ctx.app.inject({ url: `/api/v1/uploads?${toStudent()}&per_page=100`, headers: me.headers })).json().data.items.some((x: { original_name: string }) => x.original_name === 'huge.png')).toBe(false);

    const doc = (await upload(me.headers, PDF, 'cv.pdf', toStudent())).json().data;
    const pdfThumb = await ctx.app.inject({ url: `/api/v1/uploads/${doc.id}/thumbnail`, headers: me.headers });
    expect(pdfThumb.statusCode).toBe(422);
    // Stored as a document, the bomb passes the type check, but its preview is a 422, never a 500.
    const bombDoc = (await upload(me.headers, pngClaiming(10_000, 10_000), 'huge.png', toStudent())).json().data;
    expect((await ctx.app.inject({ url: `/api/v1/uploads/${bombDoc.id}/thumbnail`, headers: me.headers })).statusCode).toBe(422);
    expect((await ctx.app.inject({ url: `/api/v1/uploads/${bombDoc.id}/thumbnail?w=0`, headers: me.headers })).statusCode).toBe(422);
  });

  it('lets only those who may update the person upload or delete their files; another tenant sees nothing', async () => {
    const registrar = await someone('registrar'); // students.update and uploads.create; no faculty.update, no uploads.delete
    const photo = await upload(registrar.headers, await squarePng(32), 'r.png', toStudent('photo'));
    expect(photo.statusCode, photo.body).toBe(201);
    const toFac = await upload(registrar.headers, await squarePng(32), 'r.png', toFaculty('photo'));
    expect(toFac.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/uploads/${photo.json().data.id}`, headers: registrar.headers })).statusCode).toBe(403);
    // Seen, not changed: the registrar's own view of the photo still works.
    expect((await ctx.app.inject({ url: `${photo.json().data.thumbnail_url}?w=64`, headers: registrar.headers })).statusCode).toBe(200);

    const viewer = await someone('viewer'); // no uploads.view
    expect((await ctx.app.inject({ url: `${photo.json().data.thumbnail_url}`, headers: viewer.headers })).statusCode).toBe(403);

    const me = await someone();
    const facPhoto = await upload(me.headers, await squarePng(32), 'f.png', toFaculty('photo'));
    expect(facPhoto.statusCode).toBe(201);
    const stranger = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', await createUniversity(ctx.platform.database.db));
    expect((await ctx.app.inject({ url: `${facPhoto.json().data.thumbnail_url}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/uploads/${facPhoto.json().data.id}`, headers: stranger.headers })).statusCode).toBe(404);

    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/uploads/${facPhoto.json().data.id}`, headers: me.headers });
    expect(del.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: `${facPhoto.json().data.thumbnail_url}`, headers: me.headers })).statusCode).toBe(404);
    const audit = await ctx.platform.database.db.selectFrom('audit_logs').select(['action', 'changes']).where('entity_id', '=', facPhoto.json().data.id).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['uploads.created', 'uploads.deleted']);
    expect(JSON.parse(String(audit[0]!.changes))).toMatchObject({ kind: 'photo', entity_type: 'faculty' });
  });
});

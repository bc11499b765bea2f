import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// An upload is what its bytes are, checked beyond the magic number: a PDF named .html is stored and
// downloaded as .pdf; a PNG header followed by a script, a PNG carrying markup, a RIFF file that is
// not WebP and a truncated JPEG are refused. Downloads are attachments the browser must not sniff,
// and a name outside Latin-1 travels as RFC 5987 filename*=.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let studentId: string;

const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
};
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (...extra: Buffer[]) =>
  Buffer.concat([
    SIGNATURE,
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    ...extra,
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
// SOI, APP0 (JFIF), a scan whose data holds a stuffed 0xFF00, EOI.
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0,
  0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9,
]);
// What a phone's motion photo appends after the image: a video, which is not markup.
const MOTION_PHOTO = Buffer.concat([JPEG, Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64, 3)]);
const riff = (form: string, fourcc: string) => {
  const payload = Buffer.concat([Buffer.from(form + fourcc, 'latin1'), Buffer.from([4, 0, 0, 0]), Buffer.alloc(4)]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload]);
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(ctx.platform.database.db);
  const owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
  studentId = (await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: owner.headers, payload: { department_id: uni.departmentId, admission_number: 'UT-1', first_name: 'Up', last_name: 'Types' } })).json().data.id;
});
afterAll(() => ctx.close());

// A fresh user per test: uploads are limited to 20 an hour each.
const someone = () => signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);

function upload(headers: Record<string, string>, data: Buffer, filename: string, type = 'application/octet-stream') {
  const boundary = '----bfuploadtypes';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({ method: 'POST', url: `/api/v1/uploads?entity_type=student&entity_id=${studentId}`, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('upload types', () => {
  it('names and serves a file by the type of its bytes, not the client’s extension', async () => {
    const me = await someone();
    const res = await upload(me.headers, PDF, 'cv.html', 'text/html');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ mime_type: 'application/pdf', original_name: 'cv.pdf' });
    const dl = await ctx.app.inject({ url: res.json().data.download_url, headers: me.headers });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe('attachment; filename="cv.pdf"');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    const key = (await ctx.platform.database.db.selectFrom('files').select('storage_key').where('id', '=', res.json().data.id).executeTakeFirstOrThrow()).storage_key;
    expect(key).toMatch(/\.pdf$/);
  });

  it('accepts real PNG, JPEG, WebP and PDF files', async () => {
    const me = await someone();
    const cases: [Buffer, string, string][] = [
      [png(), 'a.png', 'image/png'],
      [JPEG, 'b.jpeg', 'image/jpeg'],
      [MOTION_PHOTO, 'b2.jpg', 'image/jpeg'],
      [riff('WEBP', 'VP8L'), 'c.webp', 'image/webp'],
      [PDF, 'd.pdf', 'application/pdf'],
    ];
    for (const [bytes, name, mime] of cases) {
      const res = await upload(me.headers, bytes, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      expect(res.json().data.mime_type).toBe(mime);
    }
  });

  it('refuses files whose magic bytes lie about the rest', async () => {
    const me = await someone();
    const refused: [Buffer, string][] = [
      [Buffer.concat([SIGNATURE, Buffer.from('<script>fetch("/api/v1/auth/me")</script>')]), 'a PNG header followed by a script'],
      [Buffer.concat([png(), Buffer.from('<html><script>alert(1)</script></html>')]), 'a PNG with a page after IEND'],
      [png(chunk('tEXt', Buffer.from('Comment\0<script>alert(1)</script>'))), 'a well-formed PNG carrying a script'],
      [png().subarray(0, 40), 'a truncated PNG'],
      [riff('WAVE', 'fmt '), 'a RIFF file that is not WebP (WAV)'],
      [riff('AVI ', 'LIST'), 'a RIFF file that is not WebP (AVI)'],
      [riff('WEBX', 'VP8L'), 'a RIFF file whose form is nearly WEBP'],
      [JPEG.subarray(0, JPEG.length - 2), 'a JPEG without its end marker'],
      [Buffer.concat([JPEG, Buffer.alloc(20_000, 0x20), Buffer.from('<script>alert(1)</script>'), Buffer.alloc(20_000, 0x20)]), 'a JPEG with a script after its image'],
      [Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF'), 'a PDF header on an HTML page'],
    ];
    for (const [bytes, what] of refused) {
      const res = await upload(me.headers, bytes, 'photo.png', 'image/png');
      expect(res.statusCode, what).toBe(415);
    }
  });

  it('downloads a file with a name outside Latin-1 under an RFC 5987 filename*', async () => {
    const me = await someone();
    const res = await upload(me.headers, PDF, '学生.pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.original_name).toBe('学生.pdf');
    const dl = await ctx.app.inject({ url: res.json().data.download_url, headers: me.headers });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="??.pdf"; filename*=UTF-8''%E5%AD%A6%E7%94%9F.pdf`);
    expect(dl.rawPayload.equals(PDF)).toBe(true);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

// A client generated from /docs/json the way an integrator would (openapi-typescript), and a small
// typed client on top of it, type-checked: the document must describe answers precisely enough that
// reading a field the API does not send, or sending a body the API refuses, is a compile error.

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bitflow-client-'));
  const doc = (await ctx.app.inject('/docs/json')).json();
  fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(await openapiTS(doc)));
  fs.copyFileSync(new URL('./openapi-client.fixture.txt', import.meta.url), path.join(dir, 'client.ts'));
}, 60_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function typeErrors(files: string[]) {
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  return ts.getPreEmitDiagnostics(program).map((d) => `${path.basename(d.file?.fileName ?? '?')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('a client generated from the OpenAPI document', () => {
  // An unused @ts-expect-error is itself an error, so the fixture's refused lines prove the types
  // are precise (were they `any`, those lines would compile and this would fail).
  it('type-checks a list, a get and a create, and refuses what the API would not send or accept', () => {
    expect(typeErrors([path.join(dir, 'client.ts')])).toEqual([]);
  }, 60_000);
});

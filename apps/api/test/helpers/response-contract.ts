import fs from 'node:fs';
import { afterAll, afterEach, expect } from 'vitest';
import { responseChecks } from '../../src/http/serialize.js';

// Setup file of every test: outside production the API checks each answer against the schema its
// route declares (src/http/serialize.ts). A test during which an answer did not match fails here,
// naming the route, the status and the field, even when the test itself looked only at the status.
// RESPONSE_TALLY_FILE, when set, collects how many answers each file validated.

afterEach(() => {
  const found = responseChecks.mismatches.splice(0);
  expect(found, 'answers that do not match their route’s response schema').toEqual([]);
  // Every route declares the statuses it answers; RESPONSE_CONTRACT_STRICT=false tolerates others.
  if (process.env.RESPONSE_CONTRACT_STRICT !== 'false') {
    const undeclared = responseChecks.undeclared.splice(0);
    expect(undeclared, 'answers whose status the route does not declare').toEqual([]);
  }
});

afterAll(() => {
  const tally = process.env.RESPONSE_TALLY_FILE;
  if (tally) fs.appendFileSync(tally, `${expect.getState().testPath}\t${responseChecks.validated}\t${[...new Set(responseChecks.undeclared)].length}\n`);
});

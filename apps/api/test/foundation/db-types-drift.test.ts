import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { backend, createTestDatabase } from '../helpers/context.js';

// Issue #20 item 8: src/db/types.ts is written by hand, so nothing but this test notices when a
// migration adds, drops or loosens a column and the types stay behind (or the other way round).
// The declared side is read from types.ts with the TypeScript compiler (types are erased at run
// time); the live side is a freshly migrated database of this backend. Every table, column and
// nullability must agree; a drift fails naming table.column and which side has what.

type Schema = Map<string, Map<string, { nullable: boolean }>>;

const TYPES_FILE = fileURLToPath(new URL('../../src/db/types.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/** The `DB` interface: table → its interface's columns (inherited ones included), and whether each admits null. */
function declaredSchema(): Schema {
  // The API's own compiler options (strict null checks above all), so `| null` reads as it does there.
  const fail = (d: ts.Diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  const config = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  if (!config) throw new Error(`cannot read ${TSCONFIG}`);
  const program = ts.createProgram([TYPES_FILE], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(TYPES_FILE)!;
  const dbDecl = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!dbDecl) throw new Error('types.ts has no `interface DB`');
  const typeOf = (symbol: ts.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, dbDecl);
  const admitsNull = (t: ts.Type) => (t.isUnion() ? t.types : [t]).some((u) => (u.flags & ts.TypeFlags.Null) !== 0);
  const schema: Schema = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(dbDecl))) {
    const columns = new Map<string, { nullable: boolean }>();
    for (const column of checker.getPropertiesOfType(typeOf(table))) {
      const declared = typeOf(column);
      // Kysely's ColumnType<Select, Insert, Update> (Generated, Def, ReadOnly): what a SELECT returns is what the column holds.
      const select = declared.getProperty('__select__');
      columns.set(column.name, { nullable: admitsNull(select ? typeOf(select) : declared) });
    }
    schema.set(table.name, columns);
  }
  return schema;
}

/** The migrated database's tables and columns (Kysely's own migration tables left out). */
async function liveSchema(platform: Platform): Promise<Schema> {
  const db = platform.database.db;
  const schema: Schema = new Map();
  for (const table of await db.introspection.getTables()) {
    if (platform.database.dialect === 'mysql') {
      schema.set(table.name, new Map(table.columns.map((c) => [c.name, { nullable: c.isNullable }])));
      continue;
    }
    // SQLite: table_info (what Kysely's introspector reads) hides generated columns such as is_live;
    // table_xinfo lists them. SQLite also lets a non-INTEGER primary key hold NULL unless declared
    // NOT NULL; MySQL never does, and no row of ours has a null key, so a key column counts as NOT NULL.
    const { rows } = await sql<{ name: string; notnull: number; pk: number }>`SELECT name, "notnull", pk FROM pragma_table_xinfo(${table.name})`.execute(db);
    schema.set(table.name, new Map(rows.map((c) => [c.name, { nullable: !c.notnull && !c.pk }])));
  }
  return schema;
}

/** Every difference, one line each: a table or column on one side only, or a nullability mismatch. */
function drift(declared: Schema, live: Schema): string[] {
  const out: string[] = [];
  for (const [table, columns] of live) {
    const typed = declared.get(table);
    if (!typed) {
      out.push(`table ${table}: in the database, missing from DB in types.ts`);
      continue;
    }
    for (const [column, { nullable }] of columns) {
      const t = typed.get(column);
      if (!t) out.push(`${table}.${column}: in the database, missing from types.ts`);
      else if (t.nullable !== nullable) out.push(`${table}.${column}: ${nullable ? 'nullable' : 'NOT NULL'} in the database, typed ${t.nullable ? 'with' : 'without'} | null`);
    }
    for (const column of typed.keys()) if (!columns.has(column)) out.push(`${table}.${column}: in types.ts, not in the database`);
  }
  for (const table of declared.keys()) if (!live.has(table)) out.push(`table ${table}: in DB in types.ts, not in the database`);
  return out.sort();
}

let platform: Platform;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  platform = await openPlatform(t.config);
  await migrateToLatest(platform.database.db);
});
afterAll(async () => {
  await platform?.close();
  await drop?.();
});

describe(`db/types.ts against the migrated schema on ${backend}`, () => {
  it('declares exactly the tables and columns the migrations create, with their nullability', async () => {
    const declared = declaredSchema();
    const live = await liveSchema(platform);
    expect(declared.size).toBeGreaterThan(20); // the parse found the DB interface's tables
    expect(drift(declared, live)).toEqual([]);
  });

  it('names a drift on either side', () => {
    const s = (cols: Record<string, boolean>): Schema => new Map([['users', new Map(Object.entries(cols).map(([c, nullable]) => [c, { nullable }]))]]);
    expect(drift(s({ id: false }), s({ id: false, nickname: true }))).toEqual(['users.nickname: in the database, missing from types.ts']);
    expect(drift(s({ id: false, nickname: true }), s({ id: false }))).toEqual(['users.nickname: in types.ts, not in the database']);
    expect(drift(s({ id: false, email: false }), s({ id: false, email: true }))).toEqual(['users.email: nullable in the database, typed without | null']);
  });
});

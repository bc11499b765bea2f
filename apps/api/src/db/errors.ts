// Recognises a unique-key violation from either driver, so services can answer 409 when a race
// slips past their pre-check (two requests creating the same e-mail at once).
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return !!e && (e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return !!e && (e.code === 'ER_NO_REFERENCED_ROW_2' || e.errno === 1452 || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY');
}

import type { ColumnKind } from '@baselinr/core';

/**
 * SQLite's declared types follow its affinity rules (any name containing INT is an integer,
 * and so on); dates and booleans are recognised by name first since SQLite has no such types.
 */
export function sqliteColumnKind(declared: string): ColumnKind {
  const t = declared.toUpperCase();
  if (/DATE|TIME/.test(t)) return 'temporal';
  if (/BOOL/.test(t)) return 'boolean';
  if (t.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'string';
  if (t === '' || t.includes('BLOB')) return 'other';
  if (/REAL|FLOA|DOUB/.test(t)) return 'float';
  return 'decimal';
}

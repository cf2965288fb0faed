import type { ColumnKind } from '@baselinr/core';

export interface DuckdbColumnKind {
  readonly kind: ColumnKind;
  /** Why the column gets counts only, for types with nothing more to profile. */
  readonly unsupportedReason?: string;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT = /^(FLOAT|DOUBLE|REAL)$/;
const TEMPORAL = /^(DATE|TIME|TIME WITH TIME ZONE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)$/;
/** Lists, arrays, structs, maps and unions: nested values have no single order or length. */
const NESTED = /\[\d*\]$|^(STRUCT|MAP|UNION)\(/;

/**
 * Maps DuckDB's `data_type` (as duckdb_columns() spells it) to a kind. Nested types are tested
 * first: `STRUCT(d DATE)` names a date but is not one.
 */
export function duckdbColumnKind(dataType: string): DuckdbColumnKind {
  const type = dataType.trim().toUpperCase();
  if (NESTED.test(type)) return other('nested values (lists, structs, maps, unions) have no order or length to profile');
  if (INTEGER.test(type)) return { kind: 'integer' };
  if (/^DECIMAL\(\d+,\s*\d+\)$/.test(type)) return { kind: 'decimal' };
  if (FLOAT.test(type)) return { kind: 'float' };
  if (type === 'VARCHAR' || type.startsWith('ENUM(')) return { kind: 'string' };
  if (TEMPORAL.test(type)) return { kind: 'temporal' };
  if (type === 'BOOLEAN') return { kind: 'boolean' };
  if (type === 'JSON') return other('JSON documents have no order or length to profile');
  if (type === 'BLOB' || type === 'BIT') return other('binary data has no order or character length to profile');
  return other(`type ${dataType} is not profiled beyond counts`);
}

function other(reason: string): DuckdbColumnKind {
  return { kind: 'other', unsupportedReason: `counts only: ${reason}` };
}

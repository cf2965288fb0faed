import type { ColumnKind } from '@baselinr/core';

export interface BigQueryColumnKind {
  readonly kind: ColumnKind;
  readonly unsupportedReason?: string;
}

/** GoogleSQL's scalar types (INFORMATION_SCHEMA.COLUMNS.data_type, parameters removed). */
const SCALAR_KINDS: Readonly<Record<string, ColumnKind>> = {
  INT64: 'integer',
  NUMERIC: 'decimal',
  BIGNUMERIC: 'decimal',
  FLOAT64: 'float',
  BOOL: 'boolean',
  STRING: 'string',
  DATE: 'temporal',
  DATETIME: 'temporal',
  TIME: 'temporal',
  TIMESTAMP: 'temporal',
};

/** Types that get counts only, and why (shown next to the column). */
const COUNTS_ONLY: Readonly<Record<string, string>> = {
  BYTES: 'BYTES is binary data; counts only',
  JSON: 'JSON values cannot be grouped or compared in GoogleSQL, so distinct counts fail; counts only',
  GEOGRAPHY: 'GEOGRAPHY values cannot be grouped or ordered in GoogleSQL; counts only',
  INTERVAL: 'INTERVAL has no average or approximate distinct count in GoogleSQL; counts only',
  ARRAY: 'arrays cannot be grouped or compared in GoogleSQL and are not profiled element by element; counts only',
  STRUCT: 'STRUCT columns are not profiled field by field; counts only',
  RANGE: 'RANGE values have no numeric or length metrics; counts only',
};

/**
 * Maps a catalog type (`INT64`, `NUMERIC(10, 2)`, `STRING(20)`, `ARRAY<STRING>`, `STRUCT<a INT64>`)
 * to the metrics it gets. The base name decides, so `ARRAY<STRING>` is an array, not a string.
 */
export function bigqueryColumnKind(dataType: string): BigQueryColumnKind {
  const base = /^[A-Za-z0-9_]+/.exec(dataType.trim())?.[0]?.toUpperCase() ?? '';
  const kind = SCALAR_KINDS[base];
  if (kind) return { kind };
  return { kind: 'other', unsupportedReason: COUNTS_ONLY[base] ?? `${dataType} is not a type Baselinr profiles beyond counts` };
}

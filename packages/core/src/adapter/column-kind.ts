import type { ColumnKind } from './types.js';

const RULES: ReadonlyArray<readonly [RegExp, ColumnKind]> = [
  [/^(bool|boolean)$/, 'boolean'],
  // Before the date rule: enum('date','time') is text whatever its labels say.
  [/^(enum|set)\(/, 'string'],
  [/interval/, 'other'],
  [/(^|[^a-z])(date|time|timestamp|timestamptz|datetime|datetime2|smalldatetime|timetz|year)([^a-z]|$)/, 'temporal'],
  [/^(tinyint|smallint|mediumint|int|integer|bigint|int2|int4|int8|int64|serial|bigserial|smallserial|byteint)(\(\d+\))?( signed| unsigned)?( zerofill)?$/, 'integer'],
  [/^(numeric|decimal|number|bignumeric|bigdecimal|money|dec|fixed)(\(.*\))?( unsigned)?$/, 'decimal'],
  [/^(real|float|float4|float8|float64|double|double precision|binary_float|binary_double)(\(.*\))?( unsigned)?$/, 'float'],
  [/(char|text|string|clob|citext|name|varchar|nvarchar|enum|set\()/, 'string'],
];

/**
 * Maps a catalog type name to the kind of metrics it gets. Adapters call this for the common
 * case and special-case what their warehouse spells differently.
 */
export function kindFromTypeName(typeName: string): ColumnKind {
  const t = typeName.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [pattern, kind] of RULES) if (pattern.test(t)) return kind;
  return 'other';
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'decimal' || kind === 'float';
}

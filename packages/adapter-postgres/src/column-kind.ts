import type { ColumnKind } from '@baselinr/core';

/** A column's type as the catalog query reports it, after resolving domains to their base type. */
export interface PgTypeInfo {
  /** format_type() of the declared type (the domain's name for a domain), stored with results. */
  readonly dataType: string;
  readonly baseOid: number;
  readonly baseName: string;
  /** pg_type.typtype of the base type: b base, e enum, c composite, r range, m multirange, p pseudo. */
  readonly baseTyptype: string;
  /** pg_type.typcategory of the base type: S string, A array, G geometric, ... */
  readonly baseCategory: string;
}

export interface PgColumnKind {
  readonly kind: ColumnKind;
  readonly unsupportedReason?: string;
}

/** Built-in types by OID (fixed in every PostgreSQL release), so a user type named `int4` elsewhere cannot pass for one. */
const BUILTIN_KINDS = new Map<number, ColumnKind>([
  [20, 'integer'], // int8
  [21, 'integer'], // int2
  [23, 'integer'], // int4
  [1700, 'decimal'], // numeric
  [700, 'float'], // float4
  [701, 'float'], // float8
  [16, 'boolean'],
  [1082, 'temporal'], // date
  [1083, 'temporal'], // time
  [1266, 'temporal'], // timetz
  [1114, 'temporal'], // timestamp
  [1184, 'temporal'], // timestamptz
  // interval has equality and ordering, so distinct counts and min/max (as text) are meaningful.
  [1186, 'temporal'],
  [25, 'string'], // text
  [1043, 'string'], // varchar
  [1042, 'string'], // bpchar
  [19, 'string'], // name
  [18, 'string'], // "char"
]);

/** Why a type gets counts only: shown to the user next to the column. */
const REASONS = new Map<number, string>([
  [114, 'json has no equality operator, so distinct counts fail in PostgreSQL; counts only'],
  [3802, 'jsonb documents have no meaningful min/max, length or numeric metrics; counts only'],
  [2950, 'uuid values have no numeric or length metrics (CHAR_LENGTH(uuid) fails); counts only'],
  [17, 'bytea is binary data; counts only'],
  [790, 'money has no AVG or STDDEV in PostgreSQL; counts only'],
  [142, 'xml has no equality operator, so distinct counts fail; counts only'],
]);

const CATEGORY_REASONS: Record<string, string> = {
  A: 'arrays are not profiled element by element; counts only',
  G: 'geometric types have no equality operator, so distinct counts fail; counts only',
  I: 'network address types are not profiled beyond counts',
  V: 'bit strings are not profiled beyond counts',
};

const TYPTYPE_REASONS: Record<string, string> = {
  c: 'composite (row) values are not profiled beyond counts',
  r: 'range types are not profiled beyond counts',
  m: 'multirange types are not profiled beyond counts',
  p: 'pseudo-types are not profiled beyond counts',
};

/**
 * Which metrics a PostgreSQL column gets. Enums and extension string types (citext) are
 * strings; everything core cannot compute safely is `other` with the reason, so an unusual
 * type is skipped with an explanation instead of failing the table's statement.
 */
export function postgresColumnKind(type: PgTypeInfo): PgColumnKind {
  const builtin = BUILTIN_KINDS.get(type.baseOid);
  if (builtin) return { kind: builtin };
  if (type.baseTyptype === 'e') return { kind: 'string' };
  // Extension types in the string category (citext) compare and measure like text.
  if (type.baseTyptype === 'b' && type.baseCategory === 'S') return { kind: 'string' };
  const reason = REASONS.get(type.baseOid) ?? TYPTYPE_REASONS[type.baseTyptype] ?? CATEGORY_REASONS[type.baseCategory] ?? `type ${type.baseName} is not profiled beyond counts`;
  return { kind: 'other', unsupportedReason: reason };
}

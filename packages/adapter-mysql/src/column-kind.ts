import type { ColumnKind } from '@baselinr/core';

export interface MysqlColumnKind {
  readonly kind: ColumnKind;
  /** Why the column gets counts only, for types that support nothing more. */
  readonly unsupportedReason?: string;
}

const INTEGER = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const FLOAT = new Set(['float', 'double', 'double precision', 'real']);
const STRING = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);
const TEMPORAL = new Set(['date', 'datetime', 'timestamp', 'time', 'year']);
const BINARY = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);
const SPATIAL = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);

/**
 * Maps information_schema.COLUMNS to a kind. DATA_TYPE is the bare type name, so it decides the
 * kind (COLUMN_TYPE can mislead a pattern: `enum('date','time')`); COLUMN_TYPE only tells
 * booleans (tinyint(1), what BOOL/BOOLEAN create) from other tiny integers.
 */
export function mysqlColumnKind(dataType: string, columnType: string): MysqlColumnKind {
  const type = dataType.trim().toLowerCase();
  const full = columnType.trim().toLowerCase();
  if (type === 'tinyint' && /^tinyint\(1\)/.test(full)) return { kind: 'boolean' };
  if (type === 'bool' || type === 'boolean') return { kind: 'boolean' };
  if (INTEGER.has(type)) return { kind: 'integer' };
  if (type === 'decimal' || type === 'numeric' || type === 'dec' || type === 'fixed') return { kind: 'decimal' };
  if (FLOAT.has(type)) return { kind: 'float' };
  if (STRING.has(type)) return { kind: 'string' };
  if (TEMPORAL.has(type)) return { kind: 'temporal' };
  if (type === 'json') return other('JSON documents have no order or length to profile');
  if (BINARY.has(type)) return other('binary data has no order or character length to profile');
  if (type === 'bit') return other('BIT values are bit strings, not numbers');
  if (SPATIAL.has(type)) return other('spatial values have no order to profile');
  return other(`type ${columnType || dataType} is not profiled beyond counts`);
}

function other(reason: string): MysqlColumnKind {
  return { kind: 'other', unsupportedReason: `counts only: ${reason}` };
}

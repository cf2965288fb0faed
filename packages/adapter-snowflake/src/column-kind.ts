import type { ColumnKind } from '@baselinr/core';

/** A column as INFORMATION_SCHEMA.COLUMNS describes it. */
export interface SnowflakeColumnType {
  /** DATA_TYPE: NUMBER, FLOAT, TEXT, BOOLEAN, DATE, TIME, TIMESTAMP_NTZ, VARIANT... */
  readonly dataType: string;
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
}

export interface SnowflakeColumnKind {
  readonly kind: ColumnKind;
  /** The type name stored with every result: NUMBER keeps its precision and scale. */
  readonly typeName: string;
  readonly unsupportedReason?: string;
}

const TEMPORAL = new Set(['DATE', 'TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ']);

const REASONS: Record<string, string> = {
  VARIANT: 'semi-structured VARIANT values have no order or length to profile; counts only',
  OBJECT: 'semi-structured OBJECT values have no order or length to profile; counts only',
  ARRAY: 'semi-structured ARRAY values have no order or length to profile; counts only',
  MAP: 'structured MAP values have no order or length to profile; counts only',
  BINARY: 'binary data has no order or character length to profile; counts only',
  GEOGRAPHY: 'spatial values have no order to profile; counts only',
  GEOMETRY: 'spatial values have no order to profile; counts only',
  VECTOR: 'vectors have no order to profile; counts only',
  FILE: 'FILE references have no order to profile; counts only',
};

/**
 * Which metrics a Snowflake column gets. Snowflake has one exact numeric type: NUMBER with scale 0
 * is an integer (INT and BIGINT are NUMBER(38,0)), with a positive scale a decimal.
 */
export function snowflakeColumnKind(type: SnowflakeColumnType): SnowflakeColumnKind {
  const dataType = type.dataType.trim().toUpperCase();
  if (dataType === 'NUMBER' || dataType === 'DECIMAL' || dataType === 'FIXED') {
    const scale = type.numericScale ?? 0;
    const typeName = type.numericPrecision !== null ? `NUMBER(${type.numericPrecision},${scale})` : 'NUMBER';
    return { kind: scale > 0 ? 'decimal' : 'integer', typeName };
  }
  if (dataType === 'FLOAT' || dataType === 'REAL') return { kind: 'float', typeName: dataType };
  if (dataType === 'TEXT') return { kind: 'string', typeName: dataType };
  if (dataType === 'BOOLEAN') return { kind: 'boolean', typeName: dataType };
  if (TEMPORAL.has(dataType)) return { kind: 'temporal', typeName: dataType };
  return {
    kind: 'other',
    typeName: dataType,
    unsupportedReason: REASONS[dataType] ?? `type ${dataType} is not profiled beyond counts`,
  };
}

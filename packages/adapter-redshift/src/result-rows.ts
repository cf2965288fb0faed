import { WarehouseError, type Row } from '@baselinr/core';
import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';

/**
 * One Data API value as core expects it. `stringValue` carries VARCHAR, DECIMAL and timestamps
 * exactly as Redshift prints them; `longValue` is a JSON number, exact below 2^53, which is why
 * the dialect casts every value that could exceed it (MIN/MAX of BIGINT, DECIMAL) to VARCHAR and
 * only counts and lengths arrive here as numbers.
 */
export function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue);
  // A value kind newer than this SDK: refuse it rather than guess.
  throw new WarehouseError('unknown', `the Data API returned a value of an unknown kind (${Object.keys(field).join(', ')})`, { driverCode: 'UnknownField' });
}

/** Column names as Redshift reports them (lower case unless the alias was quoted), in select order. */
export function columnNames(metadata: readonly ColumnMetadata[]): string[] {
  return metadata.map((column, i) => column.label ?? column.name ?? `column${i + 1}`);
}

export function toRows(names: readonly string[], records: readonly Field[][]): Row[] {
  return records.map((record) => {
    const row: Row = {};
    record.forEach((field, i) => {
      row[names[i] ?? `column${i + 1}`] = fieldValue(field);
    });
    return row;
  });
}

import type { Row } from '@baselinr/core';
import type { CellValue, TableFieldSchema, TableRow } from './rest-types.js';

/**
 * Turns the API's rows (`{f: [{v}]}`, every scalar as text) into objects keyed by column name,
 * without ever passing an exact value through a double: INT64, NUMERIC and BIGNUMERIC stay exact
 * text; TIMESTAMP (int64 microseconds, as we request it) and DATETIME become BigQuery's canonical
 * text, the same as `CAST(x AS STRING)` would give.
 */
export function decodeRows(fields: readonly TableFieldSchema[], rows: readonly TableRow[]): Row[] {
  return rows.map((row) => decodeRecord(fields, row));
}

function decodeRecord(fields: readonly TableFieldSchema[], row: TableRow): Row {
  const out: Row = {};
  fields.forEach((field, i) => {
    out[field.name] = decodeCell(field, row.f[i]?.v ?? null);
  });
  return out;
}

function decodeCell(field: TableFieldSchema, value: CellValue): unknown {
  if (value === null) return null;
  if (field.mode === 'REPEATED') return (value as ReadonlyArray<{ v: CellValue }>).map((item) => decodeValue(field, item.v));
  return decodeValue(field, value);
}

function decodeValue(field: TableFieldSchema, value: CellValue): unknown {
  if (value === null) return null;
  switch (field.type.toUpperCase()) {
    case 'RECORD':
    case 'STRUCT':
      return decodeRecord(field.fields ?? [], value as TableRow);
    case 'FLOAT':
    case 'FLOAT64':
      return Number(value);
    case 'BOOLEAN':
    case 'BOOL':
      return value === 'true';
    case 'TIMESTAMP':
      return timestampText(value as string);
    case 'DATETIME':
      return (value as string).replace('T', ' ');
    default:
      // INTEGER/INT64, NUMERIC, BIGNUMERIC (exact), STRING, BYTES (base64), DATE, TIME, JSON, GEOGRAPHY, INTERVAL.
      return value;
  }
}

const MICROS_PER_SECOND = 1_000_000n;

/** `1709210096123456` -> `2024-02-29 12:34:56.123456+00`; fractional zeros are dropped. */
export function timestampText(micros: string): string {
  const total = BigInt(micros);
  let seconds = total / MICROS_PER_SECOND;
  let fraction = total % MICROS_PER_SECOND;
  if (fraction < 0n) {
    seconds -= 1n;
    fraction += MICROS_PER_SECOND;
  }
  const date = new Date(Number(seconds) * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const digits = fraction.toString().padStart(6, '0').replace(/0+$/, '');
  return `${day} ${time}${digits ? `.${digits}` : ''}+00`;
}

import type { TableRunStatus } from './contract.js';

/**
 * Reading stored values back the same way on every store: SQLite returns timestamps as ISO
 * text, PostgreSQL and MySQL as Date; counts may come back as bigint or numeric text.
 */

export function storedDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value).trim();
  // Text without a zone (a driver set to return date strings) was written as UTC.
  const zoned = /(Z|[+-]\d\d(:?\d\d)?)$/i.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw new TypeError(`unreadable timestamp in the results store: ${JSON.stringify(value)}`);
  return date;
}

export function storedNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isNaN(n) ? null : n;
}

export function storedText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/** A JSON array kept as text (a run's clamps); anything else reads as empty rather than failing a report. */
export function storedJsonArray<T>(value: unknown): T[] {
  const text = storedText(value);
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

/** A JSON object stored as text; undefined for null, unreadable text or anything but an object. */
export function storedJsonObject<T extends object>(value: unknown): T | undefined {
  const text = storedText(value);
  if (text === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A run row's status: `completed` is Baselinr's name of `succeeded`, written since layout 5 so Baselinr reads this product's runs. */
export function storedRunStatus(value: unknown): TableRunStatus {
  const status = String(value);
  return status === 'completed' ? 'succeeded' : (status as TableRunStatus);
}

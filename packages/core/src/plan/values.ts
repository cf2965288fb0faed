/** Converts a driver value (number, bigint, numeric string) to a double, null when absent. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Counts are integers; a driver may give them as bigint or text (COUNT is int8 in PostgreSQL). */
export function toCount(value: unknown): number {
  return toNumber(value) ?? 0;
}

/**
 * Keeps a value's exact text: big integers and decimals must not pass through a double.
 * Numeric text is normalised (no trailing fractional zeros) so engines agree on `12.50` vs `12.5`.
 */
export function toExactText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : String(value);
  return /^-?\d+\.\d*$/.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** A result column by alias; drivers may fold its case (Snowflake upper-cases unquoted aliases). */
export function valueAt(row: Record<string, unknown>, alias: string): unknown {
  return alias in row ? row[alias] : row[alias.toUpperCase()];
}

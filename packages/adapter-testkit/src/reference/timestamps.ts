const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The instant a warehouse's timestamp text names, in epoch milliseconds, or undefined when the text
 * is not a timestamp. Warehouses print the same instant differently (`2024-01-02 03:04:05`,
 * `2024-01-02 03:04:05+00`, `2024-01-02T03:04:05.000Z`); text without a zone is UTC, as the
 * fixtures were written.
 */
export function instantOf(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const ms = Number(`0.${fraction || '0'}`) * 1000;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Math.round(ms);
  return local - offsetMinutes(zone) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** `YYYY-MM-DD HH:MM:SS` for a whole-second instant: how the kit writes timestamp fixtures. */
export function fixtureTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

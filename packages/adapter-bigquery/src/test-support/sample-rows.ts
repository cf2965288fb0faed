/**
 * Generated rows for the cross-adapter comparison: nulls in every column, an all-null column,
 * unicode of every UTF-8 width, integers beyond 2^53, decimals, timestamps with microseconds.
 * Deterministic (seeded), so a failure reproduces.
 */
import { seededRandom as random } from '@baselinr/adapter-testkit';

/** 2^53 + 1: the first integer a double cannot hold. */
export const BIG = '9007199254740993';

/** Column name -> PostgreSQL type. */
export const SAMPLE_COLUMNS: Readonly<Record<string, string>> = {
  id: 'bigint',
  i_val: 'integer',
  big: 'bigint',
  dec: 'numeric(22,6)',
  f: 'double precision',
  s: 'text',
  flag: 'boolean',
  ts: 'timestamptz',
  tsl: 'timestamp',
  d: 'date',
  all_null: 'integer',
  j: 'jsonb',
  bin: 'bytea',
};

const ALPHABET = ['a', 'Z', ' ', 'é', 'ß', '表', 'ж', '😀', '\u0301', '"', "'", '\\', '`'];

/** Rows as JSON-ready objects (exact numbers as text), for json_populate_recordset. */
export function sampleRows(count: number, seed: number): Array<Record<string, unknown>> {
  const rand = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const maybe = <T>(make: () => T, nullRatio = 0.12): T | null => (rand() < nullRatio ? null : make());
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = () => {
    const d = new Date(Date.UTC(2000, 0, 1) + Math.floor(rand() * 25 * 365 * 86_400_000));
    const micros = pad(int(0, 999_999), 6);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}`;
  };
  const decimal = () => {
    const cents = BigInt(int(-1e9, 1e9)) * 1_000_000n + BigInt(int(0, 999_999));
    const negative = cents < 0n;
    const digits = (negative ? -cents : cents).toString().padStart(7, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
  };
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    i_val: maybe(() => int(-1000, 1000)),
    big: i === 3 ? BIG : i === 5 ? `-${BIG}` : maybe(() => String(BigInt(int(-1e6, 1e6)) * 1_000_003n)),
    dec: i === 2 ? '12345678901234.567891' : maybe(decimal),
    f: maybe(() => (rand() - 0.5) * 1e6),
    s: maybe(() => Array.from({ length: int(0, 12) }, () => ALPHABET[int(0, ALPHABET.length - 1)]).join('')),
    flag: maybe(() => rand() < 0.5, 0.2),
    ts: maybe(() => `${stamp()}+00`),
    tsl: maybe(stamp),
    d: maybe(() => stamp().slice(0, 10)),
    all_null: null,
    j: maybe(() => ({ k: int(0, 3) })),
    bin: maybe(() => `\\x${int(0, 0xffff).toString(16).padStart(4, '0')}`),
  }));
}

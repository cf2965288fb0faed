import type pg from 'pg';
import { seededRandom as random } from '@baselinr/adapter-testkit';
import { quote } from './harness.js';

/** 2^53 + 1: the first integer a double cannot hold. */
export const BIG = '9007199254740993';

export interface SampleColumn {
  readonly name: string;
  /** A type Redshift has too, spelled as both PostgreSQL and Redshift accept it. */
  readonly sqlType: string;
  /** One value per row as SQL text, null for NULL. */
  readonly values: readonly (string | null)[];
}

/**
 * Columns of every kind Redshift profiles, with nulls, an all-null and a constant column,
 * unicode of every UTF-8 width, 2^53 + 1 and its negative, decimals with six places,
 * timestamps with milliseconds, and a binary column (counts only).
 */
export function sampleColumns(rows: number, seed: number): SampleColumn[] {
  const rand = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const sometimesNull = (ratio: number, make: () => string) => (rand() < ratio ? null : make());
  const each = (make: (i: number) => string | null) => Array.from({ length: rows }, (_, i) => make(i));
  const alphabet = ['a', 'Z', ' ', 'é', 'ß', '表', 'ж', '😀', '\u0301', '"', "'"];
  const millis = () => Date.UTC(2001, 0, 1) + Math.floor(rand() * 25 * 365 * 86_400_000);
  const decimal = () => {
    const cents = BigInt(int(-1e9, 1e9)) * 1_000_000n + BigInt(int(0, 999_999));
    const sign = cents < 0n ? '-' : '';
    const digits = (cents < 0n ? -cents : cents).toString().padStart(7, '0');
    return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
  };
  return [
    { name: 'id', sqlType: 'integer', values: each((i) => String(i + 1)) },
    { name: 'i_val', sqlType: 'integer', values: each(() => sometimesNull(0.15, () => String(int(-1000, 1000)))) },
    { name: 'small', sqlType: 'smallint', values: each(() => sometimesNull(0.1, () => String(int(-300, 300)))) },
    { name: 'big', sqlType: 'bigint', values: each((i) => (i === 7 ? BIG : i === 11 ? `-${BIG}` : sometimesNull(0.1, () => String(BigInt(int(-1e6, 1e6)) * 1_000_003n)))) },
    { name: 'dec', sqlType: 'numeric(22,6)', values: each((i) => (i === 3 ? '12345678901234.567891' : sometimesNull(0.1, decimal))) },
    { name: 'f', sqlType: 'double precision', values: each(() => sometimesNull(0.1, () => String((rand() - 0.5) * 1e6))) },
    { name: 'r', sqlType: 'real', values: each(() => sometimesNull(0.1, () => (rand() * 100).toFixed(3))) },
    { name: 's', sqlType: 'varchar(64)', values: each(() => sometimesNull(0.1, () => Array.from({ length: int(0, 12) }, () => pick(alphabet)).join(''))) },
    { name: 'größe', sqlType: 'varchar(16)', values: each(() => sometimesNull(0.1, () => pick(['klein', 'mittel', 'groß', '']))) },
    { name: 'code', sqlType: 'char(4)', values: each(() => sometimesNull(0.1, () => pick(['ab', 'abcd', 'x', 'zz z']))) },
    { name: 'flag', sqlType: 'boolean', values: each(() => sometimesNull(0.2, () => String(rand() < 0.5))) },
    { name: 'ts', sqlType: 'timestamptz', values: each(() => sometimesNull(0.1, () => new Date(millis()).toISOString())) },
    {
      name: 'tsl',
      sqlType: 'timestamp',
      values: each(() => sometimesNull(0.1, () => new Date(Math.floor(millis() / 1000) * 1000).toISOString().replace('T', ' ').replace('Z', ''))),
    },
    { name: 'd', sqlType: 'date', values: each(() => sometimesNull(0.1, () => new Date(millis()).toISOString().slice(0, 10))) },
    { name: 'tm', sqlType: 'time', values: each(() => sometimesNull(0.1, () => `${int(0, 23)}:${int(0, 59)}:${int(0, 59)}`)) },
    { name: 'constant', sqlType: 'integer', values: each(() => '5') },
    { name: 'all_null', sqlType: 'integer', values: each(() => null) },
    { name: 'raw', sqlType: 'bytea', values: each(() => sometimesNull(0.1, () => `\\x${int(0, 255).toString(16).padStart(2, '0')}`)) },
  ];
}

/** Creates `table` with the columns and inserts their rows in one statement (each column a text array cast on the server). */
export async function loadSample(admin: pg.Client, qualifiedTable: string, columns: readonly SampleColumn[]): Promise<void> {
  const definitions = columns.map((c) => `${quote(c.name)} ${c.sqlType}`).join(', ');
  await admin.query(`CREATE TABLE ${qualifiedTable} (${definitions})`);
  const casts = columns.map((c, i) => `v${i}::${c.sqlType}`).join(', ');
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `v${i}`).join(', ');
  await admin.query({
    text: `INSERT INTO ${qualifiedTable} SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`,
    values: columns.map((c) => c.values),
  });
}

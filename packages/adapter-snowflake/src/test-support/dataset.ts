import type pg from 'pg';
import { seededRandom as random } from '@baselinr/adapter-testkit';

/** 2^53 + 1: the first integer a double cannot hold. */
export const BIG = '9007199254740993';
export const BIG_DECIMAL = '12345678901234.567891';

interface Column {
  readonly sqlType: string;
  readonly values: (string | null)[];
}

/**
 * Columns of every kind Snowflake profiles, with nulls, an all-null column, unicode strings of
 * every UTF-8 width, integers past 2^53, six-digit decimals and timestamps with microseconds.
 * Names are upper case, as Snowflake stores unquoted names.
 */
export function generateColumns(rows: number, seed: number): Record<string, Column> {
  const rand = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const maybe = (nullRatio: number, make: () => string) => (rand() < nullRatio ? null : make());
  const alphabet = ['a', 'Z', ' ', 'é', 'ß', '表', 'ж', '😀', '\u0301', '"', "'", '\\'];
  const ms = () => Date.UTC(2000, 0, 1) + Math.floor(rand() * 25 * 365 * 86_400_000);
  const timestamp = (withZone: boolean) => {
    const text = new Date(ms()).toISOString().replace('T', ' ').replace('Z', '');
    return `${text}${String(int(0, 999)).padStart(3, '0')}${withZone ? '+00' : ''}`;
  };
  const decimal = () => `${int(-999_999, 999_999)}.${String(int(0, 999_999)).padStart(6, '0')}`;
  const each = (make: (i: number) => string | null) => Array.from({ length: rows }, (_, i) => make(i));
  return {
    ID: { sqlType: 'integer', values: each((i) => String(i + 1)) },
    I_VAL: { sqlType: 'integer', values: each(() => maybe(0.15, () => String(int(-1000, 1000)))) },
    BIG: { sqlType: 'bigint', values: each((i) => (i === 7 ? BIG : i === 11 ? `-${BIG}` : maybe(0.1, () => String(BigInt(int(-1e6, 1e6)) * 1_000_003n)))) },
    DEC: { sqlType: 'numeric(22,6)', values: each((i) => (i === 3 ? BIG_DECIMAL : maybe(0.1, decimal))) },
    F: { sqlType: 'double precision', values: each(() => maybe(0.1, () => String((rand() - 0.5) * 1e6))) },
    S: { sqlType: 'text', values: each(() => maybe(0.1, () => Array.from({ length: int(0, 12) }, () => pick(alphabet)).join(''))) },
    V: { sqlType: 'varchar(16)', values: each(() => maybe(0.1, () => pick(['alpha', 'beta', 'δέλτα', '']))) },
    FLAG: { sqlType: 'boolean', values: each(() => maybe(0.2, () => String(rand() < 0.5))) },
    TS: { sqlType: 'timestamptz', values: each(() => maybe(0.1, () => timestamp(true))) },
    TSL: { sqlType: 'timestamp', values: each(() => maybe(0.1, () => timestamp(false))) },
    D: { sqlType: 'date', values: each(() => maybe(0.1, () => new Date(ms()).toISOString().slice(0, 10))) },
    ALL_NULL: { sqlType: 'integer', values: each(() => null) },
    J: { sqlType: 'jsonb', values: each(() => maybe(0.1, () => JSON.stringify({ a: int(0, 3) }))) },
  };
}

/** Creates `table` with the columns and loads their values in one statement (each column as a text array cast on the server). */
export async function loadTable(admin: pg.Client, qualifiedTable: string, columns: Record<string, Column>): Promise<void> {
  const names = Object.keys(columns);
  const q = (n: string) => `"${n}"`;
  await admin.query(`CREATE TABLE ${qualifiedTable} (${names.map((n) => `${q(n)} ${columns[n]!.sqlType}`).join(', ')})`);
  const casts = names.map((n, i) => `c${i}::${columns[n]!.sqlType}`).join(', ');
  const arrays = names.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = names.map((_, i) => `c${i}`).join(', ');
  await admin.query({
    text: `INSERT INTO ${qualifiedTable} (${names.map(q).join(', ')}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`,
    values: names.map((n) => columns[n]!.values),
  });
}

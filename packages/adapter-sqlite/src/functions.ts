import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** The row hash the dialect calls (SQLite has no hash function). */
export const ROW_HASH_FUNCTION = 'baselinr_row_hash';

/**
 * MD5, in hex, of a row's values, each written with its storage class and, for text and blobs,
 * its length, so no two different rows share an encoding: ('a', 'bc') differs from ('ab', 'c'),
 * a null from the text 'null'. An integer and a real of equal value write alike, as they compare.
 */
function rowHash(...values: unknown[]): string {
  const md5 = createHash('md5');
  for (const value of values) {
    if (value === null || value === undefined) md5.update('n;');
    else if (typeof value === 'number' || typeof value === 'bigint') md5.update(`#${String(value)};`);
    else if (Buffer.isBuffer(value)) md5.update(`b${value.length}:`).update(value);
    else {
      const text = String(value);
      md5.update(`s${Buffer.byteLength(text)}:${text}`);
    }
  }
  return md5.digest('hex');
}

/**
 * SQLite has no sample standard deviation; this registers one (Welford's online algorithm,
 * numerically stable) so the dialect can use the same STDDEV_SAMP as other warehouses, and the
 * row hash samples draw on.
 */
export function registerFunctions(db: Database): void {
  db.function(ROW_HASH_FUNCTION, { deterministic: true, varargs: true }, rowHash);
  db.aggregate('stddev_samp', {
    start: () => ({ n: 0, mean: 0, m2: 0 }),
    step: (state: { n: number; mean: number; m2: number }, value: unknown) => {
      if (value === null || value === undefined) return state;
      const x = typeof value === 'bigint' ? Number(value) : Number(value);
      if (Number.isNaN(x)) return state;
      state.n += 1;
      const delta = x - state.mean;
      state.mean += delta / state.n;
      state.m2 += delta * (x - state.mean);
      return state;
    },
    result: (state: { n: number; m2: number }) => (state.n < 2 ? null : Math.sqrt(state.m2 / (state.n - 1))),
  });
}

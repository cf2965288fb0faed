/**
 * Profiles computed in plain JavaScript from the rows a test generated, to compare with what the
 * adapter and core compute on the server. Deliberately independent of core's code.
 */
export type RefKind = 'integer' | 'decimal' | 'float' | 'string' | 'temporal' | 'boolean' | 'other';

export interface RefBin {
  lower: number;
  upper: number;
  count: number;
}

export type RefValue = number | string | null | RefBin[];

const COUNTS = ['count', 'null_count', 'null_ratio'];
const DISTINCT = ['distinct_count', 'unique_ratio', 'approx_distinct_count'];
const NUMERIC = ['min', 'max', 'mean', 'stddev', 'histogram'];

export const METRICS_BY_KIND: Record<RefKind, string[]> = {
  integer: [...COUNTS, ...DISTINCT, ...NUMERIC],
  decimal: [...COUNTS, ...DISTINCT, ...NUMERIC],
  float: [...COUNTS, ...DISTINCT, ...NUMERIC],
  string: [...COUNTS, ...DISTINCT, 'min', 'max', 'min_length', 'max_length', 'avg_length'],
  temporal: [...COUNTS, ...DISTINCT, 'min', 'max'],
  boolean: [...COUNTS, ...DISTINCT, 'min', 'max'],
  other: COUNTS,
};

/** Splits a decimal literal into a scaled integer so values compare exactly. */
function scaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole! + frac.padEnd(scale, '0').slice(0, scale));
  return negative ? -value : value;
}

/** A decimal's exact text without trailing fractional zeros: `12.50` -> `12.5`, `3.00` -> `3`. */
export function canonicalDecimal(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

function sampleStddev(values: number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

function histogram(values: number[], bins: number): RefBin[] | null {
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = Array<number>(bins).fill(0);
  if (min === max) counts[0] = values.length;
  else
    for (const v of values) {
      // Bins are [lower, upper) except the last, which also holds the maximum.
      let bin = bins - 1;
      for (let i = 0; i < bins - 1; i++)
        if (v < edges[i + 1]!) {
          bin = i;
          break;
        }
      counts[bin]! += 1;
    }
  return counts.map((count, i) => ({ lower: edges[i]!, upper: edges[i + 1]!, count }));
}

/**
 * Expected metrics for one column. Values are given as the test inserted them: integers as
 * bigint, decimals as text with `scale` digits, floats as numbers, temporals as the server
 * prints them, strings as strings, booleans as 0/1.
 */
export function referenceMetrics(kind: RefKind, all: readonly unknown[], options: { scale?: number; bins?: number } = {}): Record<string, RefValue> {
  const rows = all.length;
  const values = all.filter((v) => v !== null && v !== undefined);
  const count = values.length;
  const keyOf = (v: unknown) => (kind === 'decimal' ? canonicalDecimal(String(v)) : String(v));
  const distinct = new Set(values.map(keyOf)).size;
  // Baselinr's meanings: count is the rows, the ratios are over rows and 0 for an empty table.
  const out: Record<string, RefValue> = {
    count: rows,
    null_count: rows - count,
    null_ratio: rows === 0 ? 0 : (rows - count) / rows,
    distinct_count: distinct,
    unique_ratio: rows === 0 ? 0 : distinct / rows,
    approx_distinct_count: distinct,
  };
  const numbers = values.map((v) => Number(v));
  if (kind === 'integer') {
    const ints = values.map((v) => BigInt(v as bigint));
    // biome-ignore lint/complexity/useMathMinMax: Math.min and Math.max do not take bigints
    out.min = count ? ints.reduce((a, b) => (b < a ? b : a)).toString() : null;
    // biome-ignore lint/complexity/useMathMinMax: Math.min and Math.max do not take bigints
    out.max = count ? ints.reduce((a, b) => (b > a ? b : a)).toString() : null;
  } else if (kind === 'decimal') {
    const scale = options.scale ?? 0;
    const texts = values.map(String);
    const pick = (better: (a: bigint, b: bigint) => boolean) => (count ? canonicalDecimal(texts.reduce((a, b) => (better(scaled(b, scale), scaled(a, scale)) ? b : a))) : null);
    out.min = pick((b, a) => b < a);
    out.max = pick((b, a) => b > a);
  } else if (kind === 'float') {
    out.min = count ? Math.min(...numbers) : null;
    out.max = count ? Math.max(...numbers) : null;
  } else if (kind === 'string') {
    // Code point order: what a utf8mb4_bin column compares by.
    const points = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    const order = (a: string, b: string) => {
      const [x, y] = [points(a), points(b)];
      const i = x.findIndex((p, j) => p !== y[j]);
      return i === -1 ? x.length - y.length : i >= y.length ? 1 : x[i]! - y[i]!;
    };
    const texts = values.map(String).sort(order);
    out.min = texts[0] ?? null;
    out.max = texts.at(-1) ?? null;
  } else if (kind === 'boolean') {
    // Stored as text: false (0) is the least value, true (1) the greatest.
    const truths = new Set(values.map(Number));
    out.min = count ? String(!truths.has(0)) : null;
    out.max = count ? String(truths.has(1)) : null;
  } else if (kind === 'temporal') {
    const texts = values.map(String).sort();
    out.min = texts[0] ?? null;
    out.max = texts.at(-1) ?? null;
  }
  if (kind === 'integer' || kind === 'decimal' || kind === 'float') {
    out.mean = count ? numbers.reduce((a, b) => a + b, 0) / count : null;
    out.stddev = sampleStddev(numbers);
    out.histogram = histogram(numbers, options.bins ?? 10);
  }
  if (kind === 'string') {
    // Characters are code points, as CHAR_LENGTH counts them (not UTF-16 units, not bytes).
    const lengths = values.map((v) => [...String(v)].length);
    out.min_length = count ? Math.min(...lengths) : null;
    out.max_length = count ? Math.max(...lengths) : null;
    out.avg_length = count ? lengths.reduce((a, b) => a + b, 0) / count : null;
  }
  const wanted = new Set(METRICS_BY_KIND[kind]);
  return Object.fromEntries(Object.entries(out).filter(([k]) => wanted.has(k)));
}

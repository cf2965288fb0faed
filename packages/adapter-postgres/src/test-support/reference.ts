/**
 * Independent computations of Baselinr's metrics in plain JavaScript, over the same rows the
 * tests insert: what PostgreSQL should report, derived without PostgreSQL or core's planner.
 */

export type ReferenceKind = 'integer' | 'decimal' | 'float' | 'string' | 'temporal' | 'boolean' | 'other';

export { seededRandom as random } from '@baselinr/adapter-testkit';

interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

/** Exact value of a decimal literal (`-12.50`, `1e-7`, `9007199254740993`) as digits and scale. */
function parseDecimal(text: string): Decimal {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  let digits = BigInt(`${sign}${int + frac || '0'}`);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const xs = x.digits * 10n ** BigInt(scale - x.scale);
  const ys = y.digits * 10n ** BigInt(scale - y.scale);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

/** The shortest exact text of a decimal: no trailing fractional zeros, no trailing point. */
export function minimalDecimal(text: string): string {
  const { digits, scale } = parseDecimal(text);
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const int = abs.slice(0, abs.length - scale);
  const frac = abs.slice(abs.length - scale).replace(/0+$/, '');
  return `${negative && (int !== '0' || frac !== '') ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function decimalToNumber(text: string): number {
  return Number(text);
}

/** Characters as PostgreSQL's CHAR_LENGTH counts them in a UTF-8 database: code points. */
export function charLength(s: string): number {
  return [...s].length;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** PostgreSQL's ISO output of a timestamp (UTC session): fractional seconds only when non-zero, trailing zeros dropped. */
export function pgTimestampText(ms: number, withZone: boolean): string {
  const d = new Date(ms);
  const fraction = d.getUTCMilliseconds() === 0 ? '' : `.${pad(d.getUTCMilliseconds(), 3).replace(/0+$/, '')}`;
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}`;
  return withZone ? `${text}+00` : text;
}

export function pgDateText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export interface ReferenceBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/**
 * Equal-width bins between min and max; the SQL compares each value with the edge's decimal
 * literal (`String(edge)`), exactly for integer/numeric columns and as doubles for float ones.
 */
function histogram(values: readonly string[] | readonly number[], exact: boolean, bins: number): ReferenceBin[] | null {
  if (values.length === 0) return null;
  const asNumbers = (values as readonly (string | number)[]).map((v) => (typeof v === 'number' ? v : decimalToNumber(v)));
  const min = Math.min(...asNumbers);
  const max = Math.max(...asNumbers);
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = Array<number>(bins).fill(0);
  if (min === max) {
    counts[0] = values.length; // Baselinr puts a constant column in the first bin without scanning
  } else {
    const below = (v: string | number, edge: number) => (exact ? compareDecimal(String(v), String(edge)) < 0 : (v as number) < edge);
    for (const v of values as readonly (string | number)[]) {
      let bin = bins - 1;
      for (let i = 0; i < bins - 1; i++) {
        if (below(v, edges[i + 1]!)) {
          bin = i;
          break;
        }
      }
      counts[bin]! += 1;
    }
  }
  return counts.map((count, i) => ({ lower: edges[i]!, upper: edges[i + 1]!, count }));
}

function meanOf(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function stddevOf(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mean = meanOf(xs)!;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
}

/** Exact mean of decimal strings: summed as scaled integers, divided once. */
function exactMean(values: readonly string[]): number | null {
  if (values.length === 0) return null;
  const parsed = values.map(parseDecimal);
  const scale = Math.max(...parsed.map((p) => p.scale));
  const sum = parsed.reduce((acc, p) => acc + p.digits * 10n ** BigInt(scale - p.scale), 0n);
  return Number(sum) / 10 ** scale / values.length;
}

export interface ColumnSpec {
  readonly kind: ReferenceKind;
  /**
   * One value per row, null for SQL NULL: decimal strings for integer/decimal columns,
   * numbers for float, strings for string/enum, epoch ms for temporal, booleans, and anything
   * (only nullness matters) for other.
   */
  readonly values: readonly unknown[];
  /** temporal: how PostgreSQL prints a value (timestamp, timestamptz or date). */
  readonly temporalText?: (ms: number) => string;
  /** Distinctness key, when equality is not the JS value's (defaults to the value itself). */
  readonly key?: (v: unknown) => unknown;
  /** string: the column's order (an enum's declaration order); default code point order, as COLLATE "C" compares. */
  readonly order?: (a: string, b: string) => number;
}

/** Code point order: what COLLATE "C" gives for UTF-8 text. */
export function codePointOrder(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Every default metric Baselinr computes for a column of this kind, as PostgreSQL should report it. */
export function referenceMetrics(spec: ColumnSpec, bins = 10): Record<string, unknown> {
  const rows = spec.values.length;
  const present = spec.values.filter((v) => v !== null && v !== undefined);
  const n = present.length;
  // Baselinr's meanings: count is the rows, the ratios are over rows and 0 for an empty table.
  const metrics: Record<string, unknown> = { count: rows, null_count: rows - n, null_ratio: rows === 0 ? 0 : (rows - n) / rows };
  if (spec.kind === 'other') return metrics;
  const distinct = new Set(present.map(spec.key ?? ((v) => v))).size;
  Object.assign(metrics, { distinct_count: distinct, unique_ratio: rows === 0 ? 0 : distinct / rows, approx_distinct_count: distinct });
  switch (spec.kind) {
    case 'integer':
    case 'decimal': {
      const xs = present as string[];
      const sorted = [...xs].sort(compareDecimal);
      Object.assign(metrics, {
        min: n === 0 ? null : minimalDecimal(sorted[0]!),
        max: n === 0 ? null : minimalDecimal(sorted[n - 1]!),
        mean: exactMean(xs),
        stddev: stddevOf(xs.map(decimalToNumber)),
        histogram: histogram(xs, true, bins),
      });
      break;
    }
    case 'float': {
      const xs = present as number[];
      Object.assign(metrics, {
        min: n === 0 ? null : Math.min(...xs),
        max: n === 0 ? null : Math.max(...xs),
        mean: meanOf(xs),
        stddev: stddevOf(xs),
        histogram: histogram(xs, false, bins),
      });
      break;
    }
    case 'string': {
      const lengths = (present as string[]).map(charLength);
      const sorted = [...(present as string[])].sort(spec.order ?? codePointOrder);
      Object.assign(metrics, {
        min: sorted[0] ?? null,
        max: sorted.at(-1) ?? null,
        min_length: n === 0 ? null : Math.min(...lengths),
        max_length: n === 0 ? null : Math.max(...lengths),
        avg_length: meanOf(lengths),
      });
      break;
    }
    case 'temporal': {
      const xs = present as number[];
      const text = spec.temporalText!;
      Object.assign(metrics, { min: n === 0 ? null : text(Math.min(...xs)), max: n === 0 ? null : text(Math.max(...xs)) });
      break;
    }
    case 'boolean': {
      // Stored as text: false is the least value, true the greatest.
      const truths = new Set(present);
      Object.assign(metrics, { min: n === 0 ? null : String(!truths.has(false)), max: n === 0 ? null : String(truths.has(true)) });
      break;
    }
  }
  return metrics;
}

/** Metrics whose SQL and JS computations round differently in the last bits. */
export const APPROXIMATE_METRICS = new Set(['mean', 'stddev', 'avg_length']);

import type { ColumnKind, MetricName } from '@baselinr/core';
import type { FixtureColumn, FixtureValue, LogicalType } from '../harness.js';
import { compareDecimal, exactMean, minimalDecimal } from './decimal.js';
import { instantOf } from './timestamps.js';

/** The column kind each logical type must be described as. */
export const KIND_OF: Record<LogicalType, ColumnKind> = {
  integer: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  float: 'float',
  string: 'string',
  timestamp: 'temporal',
  boolean: 'boolean',
};

/** How a metric is compared: exactly, as a double within 1e-9 relative, as an instant, as an approximate count, or as one of a column's strings. */
export type Expected =
  | { readonly compare: 'exact'; readonly value: unknown }
  | { readonly compare: 'close'; readonly value: number | null }
  | { readonly compare: 'instant'; readonly value: number | null }
  | { readonly compare: 'approx_count'; readonly value: number }
  /** One of the values, or null when there are none: the order of strings is the warehouse's collation, not JavaScript's. */
  | { readonly compare: 'one_of'; readonly value: readonly string[] };

export interface ReferenceBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

const exact = (value: unknown): Expected => ({ compare: 'exact', value });
const close = (value: number | null): Expected => ({ compare: 'close', value });

/**
 * Baselinr's metrics for one column (docs/profiling.md), computed in plain JavaScript from the rows
 * the kit generated: what the warehouse must report, derived without the warehouse or core's planner.
 */
export function referenceMetrics(column: FixtureColumn, values: readonly FixtureValue[], bins: number): Partial<Record<MetricName, Expected>> {
  const rows = values.length;
  const present = values.filter((v): v is Exclude<FixtureValue, null> => v !== null);
  const n = present.length;
  const distinct = new Set(present.map((v) => distinctKey(column.type, v))).size;
  // Baselinr's meanings: count is the rows, the ratios are over rows and 0 for an empty table.
  const metrics: Partial<Record<MetricName, Expected>> = {
    count: exact(rows),
    null_count: exact(rows - n),
    null_ratio: exact(rows === 0 ? 0 : (rows - n) / rows),
    distinct_count: exact(distinct),
    unique_ratio: exact(rows === 0 ? 0 : distinct / rows),
    approx_distinct_count: { compare: 'approx_count', value: distinct },
  };
  switch (KIND_OF[column.type]) {
    case 'integer':
    case 'decimal': {
      const texts = present.map(String);
      const sorted = [...texts].sort(compareDecimal);
      Object.assign(metrics, {
        min: exact(n === 0 ? null : minimalDecimal(sorted[0]!)),
        max: exact(n === 0 ? null : minimalDecimal(sorted[n - 1]!)),
        mean: close(exactMean(texts)),
        stddev: close(sampleStddev(texts.map(Number))),
        histogram: exact(histogram(texts, (v, edge) => compareDecimal(v, String(edge)) < 0, Number, bins)),
      });
      break;
    }
    case 'float': {
      const xs = present as number[];
      Object.assign(metrics, {
        min: exact(n === 0 ? null : Math.min(...xs)),
        max: exact(n === 0 ? null : Math.max(...xs)),
        mean: close(mean(xs)),
        stddev: close(sampleStddev(xs)),
        histogram: exact(
          histogram(
            xs,
            (v, edge) => v < edge,
            (v) => v,
            bins,
          ),
        ),
      });
      break;
    }
    case 'string': {
      // Characters are code points, as CHAR_LENGTH counts them: an emoji is one, a combining accent another.
      const strings = present as string[];
      const lengths = strings.map((s) => [...s].length);
      const extreme: Expected = { compare: 'one_of', value: strings };
      Object.assign(metrics, {
        min: extreme,
        max: extreme,
        min_length: exact(n === 0 ? null : Math.min(...lengths)),
        max_length: exact(n === 0 ? null : Math.max(...lengths)),
        avg_length: close(mean(lengths)),
      });
      break;
    }
    case 'temporal': {
      const instants = (present as string[]).map((t) => instantOf(t)!);
      Object.assign(metrics, {
        min: { compare: 'instant', value: n === 0 ? null : Math.min(...instants) },
        max: { compare: 'instant', value: n === 0 ? null : Math.max(...instants) },
      });
      break;
    }
    case 'boolean': {
      // Stored as text: false is the least value, true the greatest.
      const truths = new Set(present);
      Object.assign(metrics, { min: exact(n === 0 ? null : String(!truths.has(false))), max: exact(n === 0 ? null : String(truths.has(true))) });
      break;
    }
    default:
      break;
  }
  return metrics;
}

/** What makes two values the same for COUNT(DISTINCT): decimals by value, not by spelling. */
function distinctKey(type: LogicalType, value: Exclude<FixtureValue, null>): unknown {
  if (type === 'decimal') return minimalDecimal(String(value));
  if (type === 'bigint') return String(value);
  return value;
}

/** Values near 1e308 overflow a plain sum; divided by 2^600 (exactly: only the exponent moves) they do not. */
const SCALE = 2 ** 600;

function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const plain = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Number.isFinite(plain) ? plain : (xs.reduce((a, b) => a + b / SCALE, 0) / xs.length) * SCALE;
}

function sampleStddev(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const deviation = (values: readonly number[]) => {
    const m = mean(values)!;
    return Math.sqrt(values.reduce((a, x) => a + (x - m) ** 2, 0) / (values.length - 1));
  };
  const plain = deviation(xs);
  return Number.isFinite(plain) ? plain : deviation(xs.map((x) => x / SCALE)) * SCALE;
}

/**
 * Equal-width bins between min and max; the last bin holds the maximum. Values are compared with
 * each edge as the SQL compares them with the edge's literal: exactly for integers and decimals.
 * A column whose min equals max has every value in the last bin: each one is the maximum.
 */
function histogram<T>(values: readonly T[], below: (value: T, edge: number) => boolean, toNumber: (value: T) => number, bins: number): ReferenceBin[] | null {
  if (values.length === 0) return null;
  const numbers = values.map(toNumber);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const width = (max - min) / bins;
  // From -1e308 to 1e308 the width overflows; a weighted mean of min and max never does.
  const edge = (i: number) => (Number.isFinite(width) ? min + i * width : min * (1 - i / bins) + max * (i / bins));
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : edge(i)));
  const counts = Array<number>(bins).fill(0);
  if (min === max) counts[bins - 1] = values.length;
  else {
    for (const value of values) {
      const bin = edges.slice(1, -1).findIndex((edge) => below(value, edge));
      counts[bin === -1 ? bins - 1 : bin]! += 1;
    }
  }
  return counts.map((count, i) => ({ lower: edges[i]!, upper: edges[i + 1]!, count }));
}

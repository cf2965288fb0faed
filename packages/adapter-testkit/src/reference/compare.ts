import type { Expected } from './metrics.js';
import { instantOf } from './timestamps.js';

const RELATIVE = 1e-9;

export interface CompareOptions {
  /** Relative error allowed for approx_distinct_count; 0 when the warehouse counts exactly. */
  readonly approxTolerance: number;
}

/** Why `actual` does not meet the expectation, or undefined when it does. */
export function mismatch(actual: unknown, expected: Expected, options: CompareOptions): string | undefined {
  const show = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v));
  const differs = `got ${show(actual)}, expected ${show(expected.value)}`;
  switch (expected.compare) {
    case 'exact':
      return deepEqual(actual, expected.value) ? undefined : differs;
    case 'close': {
      if (expected.value === null) return actual === null ? undefined : differs;
      if (typeof actual !== 'number') return `${differs} (a number)`;
      const scale = Math.max(1, Math.abs(expected.value));
      return Math.abs(actual - expected.value) / scale <= RELATIVE ? undefined : `${differs} (within ${RELATIVE} relative)`;
    }
    case 'instant': {
      if (expected.value === null) return actual === null ? undefined : differs;
      const instant = typeof actual === 'string' ? instantOf(actual) : undefined;
      if (instant === undefined) return `got ${show(actual)}, expected timestamp text for ${new Date(expected.value).toISOString()}`;
      return instant === expected.value ? undefined : `got ${show(actual)} (${new Date(instant).toISOString()}), expected ${new Date(expected.value).toISOString()}`;
    }
    case 'approx_count': {
      if (typeof actual !== 'number') return `${differs} (a number)`;
      const allowed = Math.max(2, Math.ceil(expected.value * options.approxTolerance));
      const ok = options.approxTolerance === 0 ? actual === expected.value : Math.abs(actual - expected.value) <= allowed;
      return ok ? undefined : `${differs} (within ${options.approxTolerance === 0 ? 0 : allowed})`;
    }
    case 'one_of':
      if (expected.value.length === 0) return actual === null ? undefined : `got ${show(actual)}, expected null (no values)`;
      return typeof actual === 'string' && expected.value.includes(actual) ? undefined : `got ${show(actual)}, expected one of the column's values`;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b || Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a as object);
    return keys.length === Object.keys(b as object).length && keys.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

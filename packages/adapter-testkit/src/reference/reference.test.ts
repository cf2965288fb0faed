import { describe, expect, it } from 'vitest';
import { mismatch } from './compare.js';
import { compareDecimal, exactMean, minimalDecimal } from './decimal.js';
import { referenceMetrics } from './metrics.js';
import { instantOf } from './timestamps.js';

describe('exact decimals', () => {
  it('compares and prints without passing through a double', () => {
    expect(compareDecimal('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareDecimal('-0.10', '-0.1')).toBe(0);
    expect(compareDecimal('1e21', '999999999999999999999')).toBe(1);
    expect(minimalDecimal('12.5000')).toBe('12.5');
    expect(minimalDecimal('-0.000')).toBe('0');
    expect(minimalDecimal('-1234567890123456789012.345670')).toBe('-1234567890123456789012.34567');
    expect(exactMean(['9007199254740993', '-9007199254740993', '3'])).toBe(1);
  });
});

describe('timestamps', () => {
  it('reads the ways warehouses print one instant as the same instant', () => {
    const instant = Date.UTC(2024, 0, 2, 3, 4, 5);
    for (const text of ['2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z', '2024-01-02 03:04:05+00', '2024-01-02 05:04:05+02:00']) expect(instantOf(text), text).toBe(instant);
    expect(instantOf('not a date')).toBeUndefined();
  });
});

describe('reference metrics', () => {
  it('follow docs/profiling.md on a small column', () => {
    const m = referenceMetrics({ name: 'x', type: 'integer' }, [1, 2, 2, null, 5], 2);
    // Baselinr's meanings: count is the rows, unique_ratio is distinct values over rows.
    expect(m.count).toEqual({ compare: 'exact', value: 5 });
    expect(m.null_count).toEqual({ compare: 'exact', value: 1 });
    expect(m.null_ratio).toEqual({ compare: 'exact', value: 0.2 });
    expect(m.distinct_count).toEqual({ compare: 'exact', value: 3 });
    expect(m.unique_ratio).toEqual({ compare: 'exact', value: 0.6 });
    expect(m.max).toEqual({ compare: 'exact', value: '5' });
    expect(m.mean).toEqual({ compare: 'close', value: 2.5 });
    // Edges 1, 3, 5: the last bin is closed and holds the maximum.
    expect(m.histogram).toEqual({
      compare: 'exact',
      value: [
        { lower: 1, upper: 3, count: 3 },
        { lower: 3, upper: 5, count: 1 },
      ],
    });
  });

  it('give 0.0 ratios for an empty table, min and max of booleans as text, and any of the strings for their min and max', () => {
    expect(referenceMetrics({ name: 'x', type: 'integer' }, [], 2)).toMatchObject({ null_ratio: { value: 0 }, unique_ratio: { value: 0 } });
    expect(referenceMetrics({ name: 'b', type: 'boolean' }, [true, null, true], 2)).toMatchObject({ min: { value: 'true' }, max: { value: 'true' } });
    expect(referenceMetrics({ name: 'b', type: 'boolean' }, [true, false], 2)).toMatchObject({ min: { value: 'false' }, max: { value: 'true' } });
    expect(referenceMetrics({ name: 's', type: 'string' }, ['b', null, 'a'], 2).max).toEqual({ compare: 'one_of', value: ['b', 'a'] });
  });

  it('count string lengths in code points and treat decimals by value', () => {
    expect(referenceMetrics({ name: 's', type: 'string' }, ['😀é\u0301', ''], 10).max_length).toEqual({ compare: 'exact', value: 3 });
    expect(referenceMetrics({ name: 'd', type: 'decimal', scale: 2 }, ['1.50', '1.5', '2.00'], 10).distinct_count).toEqual({ compare: 'exact', value: 2 });
  });
});

describe('comparison', () => {
  it('explains each kind of mismatch, and accepts what matches', () => {
    expect(mismatch('9007199254740992', { compare: 'exact', value: '9007199254740993' }, { approxTolerance: 0 })).toMatch(/expected "9007199254740993"/);
    expect(mismatch(1 + 1e-12, { compare: 'close', value: 1 }, { approxTolerance: 0 })).toBeUndefined();
    expect(mismatch(1.001, { compare: 'close', value: 1 }, { approxTolerance: 0 })).toMatch(/within/);
    expect(mismatch('2024-01-02 03:04:05+00', { compare: 'instant', value: Date.UTC(2024, 0, 2, 3, 4, 5) }, { approxTolerance: 0 })).toBeUndefined();
    expect(mismatch(110, { compare: 'approx_count', value: 100 }, { approxTolerance: 0.3 })).toBeUndefined();
    expect(mismatch(110, { compare: 'approx_count', value: 100 }, { approxTolerance: 0 })).toMatch(/within 0/);
    expect(mismatch(200, { compare: 'approx_count', value: 100 }, { approxTolerance: 0.3 })).toMatch(/within 30/);
    expect(mismatch('a', { compare: 'one_of', value: ['b', 'a'] }, { approxTolerance: 0 })).toBeUndefined();
    expect(mismatch('c', { compare: 'one_of', value: ['b', 'a'] }, { approxTolerance: 0 })).toMatch(/one of the column's values/);
    expect(mismatch('a', { compare: 'one_of', value: [] }, { approxTolerance: 0 })).toMatch(/expected null/);
  });
});

import { describe, expect, it } from 'vitest';
import type { AppliedRowSelection } from '../plan/row-source.js';
import { FULL_TABLE, rowSelectionDifference, rowsCovered } from './row-selections.js';

const sampled = (fraction: number, sql: string, maxRows?: number): AppliedRowSelection => ({
  sampling: { method: 'random', fraction, sql, repeatable: true, setBy: 'datasets.sampling', ...(maxRows !== undefined ? { maxRows } : {}) },
  notes: [],
});

describe('rowsCovered', () => {
  it('reads no selection, notes alone and a partition choice of `all` as the whole table', () => {
    expect(rowsCovered(undefined)).toBe(FULL_TABLE);
    expect(rowsCovered({ notes: ['partition key day inferred'] })).toBe(FULL_TABLE);
    expect(rowsCovered({ partition: { key: 'day', strategy: 'all' }, notes: [] })).toBe(FULL_TABLE);
  });

  it('treats the latest partition as one choice whatever its literal, and a sample by its fraction, cap and method', () => {
    const latest = (predicate: string): AppliedRowSelection => ({ partition: { key: 'day', strategy: 'latest', predicate }, notes: [] });
    expect(rowSelectionDifference(latest("day >= '2025-03-01'"), latest("day >= '2025-03-02'"))).toBeUndefined();
    expect(rowSelectionDifference(latest('x'), { partition: { key: 'day', strategy: 'recent_n', recentN: 3 }, notes: [] })).toEqual({
      baseline: 'latest partition of day',
      current: '3 newest partitions of day',
    });
    expect(rowSelectionDifference(sampled(0.1, 'TABLESAMPLE BERNOULLI (10)'), sampled(0.1, 'TABLESAMPLE SYSTEM (10)'))).toBeDefined();
    expect(rowsCovered(sampled(0.1, 'TABLESAMPLE (10)', 500))).toBe('random 10% of rows, at most 500 (TABLESAMPLE (10))');
    expect(rowsCovered({ partition: { key: 'region', strategy: 'specific_values', values: ['eu', 7] }, ...sampled(0.25, 'S') })).toBe(
      'partitions of region in "eu", 7; random 25% of rows (S)',
    );
  });

  it('tells a stratified sample from a random one of the same share', () => {
    const random = sampled(0.1, 'S');
    const stratified: AppliedRowSelection = { ...random, sampling: { ...random.sampling!, method: 'stratified', key: 'region' } };
    expect(rowsCovered(stratified)).toBe('stratified 10% of each region value (S)');
    expect(rowSelectionDifference(random, stratified)).toEqual({ baseline: 'random 10% of rows (S)', current: 'stratified 10% of each region value (S)' });
  });
});

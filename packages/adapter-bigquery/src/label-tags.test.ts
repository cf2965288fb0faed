import { describe, expect, it } from 'vitest';
import { WarehouseError } from '@baselinr/core';
import { tagsFromLabels } from './label-tags.js';

describe('tags from the labels option of INFORMATION_SCHEMA.TABLE_OPTIONS', () => {
  it('gives key:value, and the key alone for a label without a value, in the order BigQuery prints them', () => {
    expect(tagsFromLabels('[STRUCT("env", "prod"), STRUCT("pii", ""), STRUCT("équipe", "données")]', 'ds.t')).toEqual(['env:prod', 'pii', 'équipe:données']);
    expect(tagsFromLabels('[]', 'ds.t')).toEqual([]);
  });

  it('refuses text it cannot read rather than selecting by half the labels', () => {
    for (const text of ['env:prod', '[STRUCT("env")]', '[STRUCT("env", "prod"), garbage]']) {
      expect(() => tagsFromLabels(text, 'ds.t')).toThrow(WarehouseError);
      expect(() => tagsFromLabels(text, 'ds.t')).toThrow('cannot read the labels of ds.t');
    }
  });
});

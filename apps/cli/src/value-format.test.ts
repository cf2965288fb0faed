import { describe, expect, it } from 'vitest';
import { histogramBins } from './value-format.js';

describe('a stored histogram', () => {
  it("reads in Baselinr's shape and in the one earlier releases stored", () => {
    const bins = [
      { lower: 0, upper: 5, count: 3 },
      { lower: 5, upper: 10, count: 1 },
    ];
    expect(histogramBins('[{"bin_start":0,"bin_end":5,"count":3},{"bin_start":5,"bin_end":10,"count":1}]')).toEqual(bins);
    expect(histogramBins('[{"lower":0,"upper":5,"count":3},{"lower":5,"upper":10,"count":1}]')).toEqual(bins);
  });

  it('is not a histogram when a bin lacks an edge or its count', () => {
    expect(histogramBins('[{"bin_start":0,"count":3}]')).toBeNull();
    expect(histogramBins('[{"bin_start":0,"bin_end":5}]')).toBeNull();
    expect(histogramBins('12.5')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { contrastPairs, contrastRatio } from './palette.js';

describe('report colours', () => {
  it('computes WCAG contrast as published (black on white is 21:1, equal colours 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const [name, foreground, background, min] of contrastPairs()) {
    it(`${name} reach ${min}:1`, () => {
      expect(contrastRatio(foreground, background)).toBeGreaterThanOrEqual(min);
    });
  }
});

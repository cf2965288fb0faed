import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('maps the lowest value to the lowest bar and the highest to the highest, in order', () => {
    const line = sparkline([3, 1, 2, 9]);
    expect([...line]).toHaveLength(4);
    expect(line[1]).toBe('▁');
    expect(line[3]).toBe('█');
    // Bars rise with the values they draw.
    const order = [...line].map((c) => '▁▂▃▄▅▆▇█'.indexOf(c));
    expect(order[1]! < order[2]! && order[2]! < order[0]! && order[0]! < order[3]!).toBe(true);
  });

  it('draws a flat series flat, gaps as spaces, and nothing for no values', () => {
    expect(sparkline([4, 4, 4])).toBe('▁▁▁');
    expect(sparkline([1, null, 2])).toBe('▁ █');
    expect(sparkline([])).toBe('');
    expect(sparkline([null, null])).toBe('  ');
  });

  it('can scale from zero, so equal counts stand tall instead of flat', () => {
    expect(sparkline([15, 15, 15], { fromZero: true })).toBe('███');
    expect(sparkline([0, 8], { fromZero: true })).toBe(sparkline([0, 8]));
    expect(sparkline([4, 8], { fromZero: true })[0]).not.toBe('▁');
  });

  it('uses all eight levels across an even ramp', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });
});

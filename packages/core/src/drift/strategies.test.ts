import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { assessAbsolute, assessDeviation, percentChange } from './strategies.js';

// The thresholds users get by default; boundaries below are derived from them, not restated.
const defaults = validateConfig({ source: { type: 'sqlite' } }).drift_detection;
const absolute = defaults.absolute_threshold;
const deviation = defaults.standard_deviation;

describe('absolute_threshold', () => {
  const base = 100;
  const at = (percent: number) => base * (1 + percent / 100);
  const cases: Array<[string, number, string | null]> = [
    ['just below low', at(absolute.low_threshold - 0.01), null],
    ['exactly low', at(absolute.low_threshold), 'low'],
    ['just below medium', at(absolute.medium_threshold - 0.01), 'low'],
    ['exactly medium', at(absolute.medium_threshold), 'medium'],
    ['just below high', at(absolute.high_threshold - 0.01), 'medium'],
    ['exactly high', at(absolute.high_threshold), 'high'],
    ['a drop of exactly high', at(-absolute.high_threshold), 'high'],
    ['a drop of exactly low', at(-absolute.low_threshold), 'low'],
  ];
  for (const [name, current, severity] of cases) {
    it(`${name}: ${current} from ${base} is ${severity ?? 'no drift'}`, () => {
      const result = assessAbsolute(base, current, absolute);
      expect(result.severity).toBe(severity);
      expect(result.changePercent).toBeCloseTo(((current - base) / base) * 100, 6);
    });
  }

  it('measures the change against the size of a negative baseline', () => {
    const result = assessAbsolute(-100, -100 + absolute.medium_threshold, absolute);
    expect(result.changePercent).toBe(absolute.medium_threshold);
    expect(result.severity).toBe('medium');
    expect(result.note).toBe(`+${absolute.medium_threshold}%`);
  });

  it('an unchanged value is never drift, even with a zero low threshold', () => {
    expect(assessAbsolute(42, 42, { ...absolute, low_threshold: 0 }).severity).toBeNull();
    expect(assessAbsolute(42, 42.001, { ...absolute, low_threshold: 0 }).severity).toBe('low');
  });

  it('zero baseline: staying zero is no change, anything else is high drift with no percent', () => {
    expect(assessAbsolute(0, 0, absolute)).toMatchObject({ severity: null, changePercent: 0 });
    for (const current of [1, 0.0001, -3]) {
      expect(assessAbsolute(0, current, absolute)).toEqual({ severity: 'high', changePercent: null, note: 'new non-zero' });
    }
    expect(percentChange(0, 5)).toBeNull();
  });

  it('a drop to zero is a -100% change, not a special case', () => {
    expect(assessAbsolute(8, 0, absolute)).toMatchObject({ severity: 'high', changePercent: -100, note: '-100%' });
  });
});

describe('standard_deviation', () => {
  // Sample stddev of [10, 12, 14] is 2 around a mean of 12.
  const history = [10, 12, 14];
  const mean = 12;
  const sd = 2;
  const cases: Array<[string, number, string | null]> = [
    ['just below low', mean + (deviation.low_threshold - 0.01) * sd, null],
    ['exactly low', mean + deviation.low_threshold * sd, 'low'],
    ['exactly medium', mean + deviation.medium_threshold * sd, 'medium'],
    ['just below high', mean + (deviation.high_threshold - 0.01) * sd, 'medium'],
    ['exactly high', mean + deviation.high_threshold * sd, 'high'],
    ['exactly high below the mean', mean - deviation.high_threshold * sd, 'high'],
  ];
  for (const [name, current, severity] of cases) {
    it(`${name}: ${current} against ${JSON.stringify(history)} is ${severity ?? 'no drift'}`, () => {
      const result = assessDeviation(history, 14, current, deviation);
      expect(result.severity).toBe(severity);
      if (severity) expect(result.note).toContain(`${(Math.abs(current - mean) / sd).toFixed(2)}σ from mean ${mean} of 3 runs`);
    });
  }

  it('reports the percent change from the baseline run alongside the deviations', () => {
    const result = assessDeviation(history, 14, 21, deviation);
    expect(result.changePercent).toBe(50);
    expect(result.note.startsWith('+50%, ')).toBe(true);
  });

  it('a constant history: no change is none, any change is high', () => {
    for (const constant of [[5, 5, 5], [5], [0.1, 0.1, 0.1]]) {
      const value = constant[0]!;
      expect(assessDeviation(constant, value, value, deviation).severity).toBeNull();
      const moved = assessDeviation(constant, value, value * 1.0001, deviation);
      expect(moved.severity).toBe('high');
      expect(moved.note).toContain(`history constant at ${value} over ${constant.length} run`);
    }
  });

  it('a zero baseline with a varying history is measured in deviations, not flagged outright', () => {
    const result = assessDeviation([0, 4, 2], 0, 2, deviation);
    expect(result.severity).toBeNull();
    expect(result.changePercent).toBeNull();
    expect(assessDeviation([0, 4, 2], 0, 2 + deviation.high_threshold * 2, deviation).severity).toBe('high');
  });
});

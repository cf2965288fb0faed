import type { DriftSeverity } from '../store/contract.js';

export const SEVERITIES: readonly DriftSeverity[] = ['low', 'medium', 'high'];

/** A strategy's three cut-offs, as in `drift_detection.<strategy>`. */
export interface Thresholds {
  readonly low_threshold: number;
  readonly medium_threshold: number;
  readonly high_threshold: number;
}

const RANK: Record<DriftSeverity, number> = { low: 1, medium: 2, high: 3 };

export function severityAtLeast(severity: DriftSeverity, floor: DriftSeverity): boolean {
  return RANK[severity] >= RANK[floor];
}

export function compareSeverity(a: DriftSeverity, b: DriftSeverity): number {
  return RANK[a] - RANK[b];
}

/** The severity of a change of this magnitude: each threshold is inclusive; below `low` is no drift. */
export function severityFor(magnitude: number, thresholds: Thresholds): DriftSeverity | null {
  if (magnitude >= thresholds.high_threshold) return 'high';
  if (magnitude >= thresholds.medium_threshold) return 'medium';
  if (magnitude >= thresholds.low_threshold) return 'low';
  return null;
}

export function isSeverity(value: string): value is DriftSeverity {
  return (SEVERITIES as readonly string[]).includes(value);
}

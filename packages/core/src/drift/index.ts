export { compareRuns, ROW_COUNT_METRIC, UNCOMPARED_METRICS, type DriftSettings, type Finding } from './compare-runs.js';
export {
  countBySeverity,
  detectDrift,
  driftAtLeast,
  type DatasetComparison,
  type DriftCounts,
  type DriftReport,
  type DriftRequest,
  type MeaningsChange,
  type RowSelectionComparison,
  meaningsReason,
  type SkippedDataset,
} from './detect-drift.js';
export { readStoredValue, type StoredValue } from './metric-number.js';
export { compareSeverity, isSeverity, severityAtLeast, severityFor, SEVERITIES, type Thresholds } from './severity.js';
export { snapshotOf, type ColumnSnapshot, type RunSnapshot } from './snapshot.js';
export { assessAbsolute, assessDeviation, formatPercent, percentChange, type Assessment } from './strategies.js';
export { FULL_TABLE, ROW_COUNTING_METRICS, rowsCovered, type RowSelectionDifference, type UncomparedMetric } from './row-selections.js';
export { isEventOf, listDriftEvents, type EventWriter, type ListedDriftEvent, type ListedEventFilter } from './list-events.js';

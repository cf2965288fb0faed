import type { BaselinrConfig } from '../config/schema.js';
import type { DriftEvent } from '../store/contract.js';
import { readNonFinite, readStoredValue } from './metric-number.js';
import { ROW_COUNTING_METRICS } from './row-selections.js';
import { ROW_COUNT_METRIC, type ColumnSnapshot, type RunSnapshot } from './snapshot.js';
import { assessAbsolute, assessDeviation } from './strategies.js';

export type DriftSettings = BaselinrConfig['drift_detection'];

/** An event before it is tied to runs and a detection time. */
export type Finding = Omit<DriftEvent, 'schema' | 'table' | 'runId' | 'baselineRunId' | 'detectedAt'>;

/**
 * Histograms are not compared: their total is the column's non-null values (count - null_count), compared already,
 * and their bin edges follow each run's min/max, so bins of two runs do not line up.
 */
export const UNCOMPARED_METRICS: ReadonlySet<string> = new Set(['histogram']);
const NO_METRICS: ReadonlySet<string> = new Set();

export { ROW_COUNT_METRIC };

export interface CompareOptions {
  /** The runs covered different rows (a sample against the whole table): metrics that count rows are left out. */
  readonly rowsDiffer?: boolean;
}

/**
 * Compares a dataset's current run with its baseline run: the row count, schema changes
 * (columns added, removed, retyped), then every numeric metric of every column both runs have.
 * `history` is the baseline and the runs before it (the standard_deviation window).
 */
export function compareRuns(
  baseline: RunSnapshot,
  current: RunSnapshot,
  settings: DriftSettings,
  history: readonly RunSnapshot[] = [baseline],
  options: CompareOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  const skipped = options.rowsDiffer ? ROW_COUNTING_METRICS : NO_METRICS;
  const rowCount = skipped.has(ROW_COUNT_METRIC)
    ? null
    : compareValue(
        text(baseline.rowCount),
        text(current.rowCount),
        history.map((h) => text(h.rowCount)),
        settings,
      );
  if (rowCount) findings.push({ eventType: 'drift', column: null, metric: ROW_COUNT_METRIC, ...rowCount });

  for (const name of unionInOrder(current.columns.keys(), baseline.columns.keys())) {
    const before = baseline.columns.get(name);
    const after = current.columns.get(name);
    if (!before || !after) {
      findings.push({
        eventType: before ? 'column_removed' : 'column_added',
        column: name,
        metric: null,
        baselineValue: before?.type ?? null,
        currentValue: after?.type ?? null,
        changePercent: null,
        // A new column seldom breaks a reader; a missing one does.
        severity: before ? 'high' : 'low',
        note: before ? 'column removed' : 'column added',
      });
      continue;
    }
    const retyped = before.type !== after.type;
    if (retyped) {
      findings.push({
        eventType: 'type_changed',
        column: name,
        metric: null,
        baselineValue: before.type,
        currentValue: after.type,
        changePercent: null,
        severity: 'high',
        note: `${before.type} -> ${after.type}`,
      });
    }
    findings.push(...compareColumn(name, before, after, retyped, history, settings, skipped));
  }
  return findings;
}

function compareColumn(
  name: string,
  before: ColumnSnapshot,
  after: ColumnSnapshot,
  retyped: boolean,
  history: readonly RunSnapshot[],
  settings: DriftSettings,
  skipped: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const metric of unionInOrder(after.metrics.keys(), before.metrics.keys())) {
    if (UNCOMPARED_METRICS.has(metric)) continue;
    const had = before.metrics.has(metric);
    const has = after.metrics.has(metric);
    if (!had || !has) {
      // A retyped column measures different things; its type_changed event says so already.
      if (!retyped) {
        findings.push({
          eventType: 'drift',
          column: name,
          metric,
          baselineValue: before.metrics.get(metric) ?? null,
          currentValue: after.metrics.get(metric) ?? null,
          changePercent: null,
          // Usually a change to profiling.metrics rather than to the data.
          severity: 'low',
          note: had ? 'metric removed' : 'metric added',
        });
      }
      continue;
    }
    if (skipped.has(metric)) continue;
    const values = history.map((h) => h.columns.get(name)?.metrics.get(metric) ?? null);
    const result = compareValue(before.metrics.get(metric) ?? null, after.metrics.get(metric) ?? null, values, settings);
    if (result) findings.push({ eventType: 'drift', column: name, metric, ...result });
  }
  return findings;
}

type ValueChange = Pick<Finding, 'baselineValue' | 'currentValue' | 'changePercent' | 'severity' | 'note'>;

/** One metric's baseline and current text: drift, or null when unchanged, within thresholds or not numeric. */
function compareValue(baselineText: string | null, currentText: string | null, historyTexts: ReadonlyArray<string | null>, settings: DriftSettings): ValueChange | null {
  const baseline = readStoredValue(baselineText);
  const current = readStoredValue(currentText);
  const values = { baselineValue: baselineText, currentValue: currentText };
  if (baseline.kind === 'null' && current.kind === 'null') return null;
  // A value appearing or vanishing (a mean once every row is null) has no size to measure: high.
  if (baseline.kind === 'null') return { ...values, changePercent: null, severity: 'high', note: 'was null' };
  if (current.kind === 'null') return { ...values, changePercent: null, severity: 'high', note: 'became null' };
  const nonFinite = nonFiniteChange(baselineText!, currentText!);
  if (nonFinite !== undefined) return nonFinite && { ...values, ...nonFinite };
  if (baseline.kind !== 'number' || current.kind !== 'number') return null;
  const assessment =
    settings.strategy === 'standard_deviation'
      ? assessDeviation(numbersOf(historyTexts), baseline.value, current.value, settings.standard_deviation)
      : assessAbsolute(baseline.value, current.value, settings.absolute_threshold);
  return assessment.severity ? { ...values, changePercent: assessment.changePercent, severity: assessment.severity, note: assessment.note } : null;
}

/**
 * A change to or from NaN or ±Infinity (a min of -Infinity becoming 1, a mean of NaN becoming
 * 1.5) has no percent, like a value appearing: high. Undefined when neither side is non-finite;
 * null when both are the same one.
 */
function nonFiniteChange(baselineText: string, currentText: string): Omit<ValueChange, 'baselineValue' | 'currentValue'> | null | undefined {
  const before = readNonFinite(baselineText);
  const after = readNonFinite(currentText);
  if (before === undefined && after === undefined) return undefined;
  if (Object.is(before, after)) return null;
  const otherSide = before === undefined ? readStoredValue(baselineText) : readStoredValue(currentText);
  if (before === undefined || after === undefined) {
    // Against text that is not a number (a timestamp), there is nothing to compare.
    if (otherSide.kind !== 'number') return null;
    return { changePercent: null, severity: 'high', note: before === undefined ? `became ${currentText}` : `was ${baselineText}` };
  }
  return { changePercent: null, severity: 'high', note: `${baselineText} -> ${currentText}` };
}

function numbersOf(texts: ReadonlyArray<string | null>): number[] {
  return texts.map(readStoredValue).flatMap((v) => (v.kind === 'number' ? [v.value] : []));
}

function text(n: number | null): string | null {
  return n === null ? null : String(n);
}

function unionInOrder(first: Iterable<string>, second: Iterable<string>): string[] {
  return [...new Set([...first, ...second])];
}

import { createHash } from 'node:crypto';
import type { Row } from '../adapter/contract.js';
import type { BaselinrDriftEvent, DriftEvent, DriftEventType, DriftSeverity, EventScope, RowSelectionDifference } from './contract.js';
import { storedDate, storedJsonObject, storedNumber, storedText } from './row-values.js';

/** Baselinr's event type names, as its SQL event hook stores them. */
const BASELINR_EVENT_TYPES: Record<DriftEventType, string> = {
  drift: 'DataDriftDetected',
  column_added: 'SchemaChangeDetected',
  column_removed: 'SchemaChangeDetected',
  type_changed: 'SchemaChangeDetected',
};

/** The columns of Baselinr's `baselinr_events`, in the order `baselinrEventRow` gives them. */
export const BASELINR_EVENT_COLUMNS = [
  'event_id',
  'event_type',
  'run_id',
  'table_name',
  'column_name',
  'metric_name',
  'baseline_value',
  'current_value',
  'change_percent',
  'drift_severity',
  'timestamp',
  'metadata',
  'created_at',
] as const;

/** Baselinr's event types that `query drift` lists: the others (profiling started, retries...) are not drift. */
export const BASELINR_DRIFT_EVENT_TYPES = ['DataDriftDetected', 'SchemaChangeDetected'] as const;

/** The length of `eventIdPrefix`: this product's ids have a dash right after it, Baselinr's UUIDs a hex digit. */
const PREFIX_LENGTH = 27;

/** A LIKE pattern matching the event ids this product writes to Baselinr's table, and no UUID Baselinr writes. */
export const MIRRORED_EVENT_ID_PATTERN = `${'_'.repeat(PREFIX_LENGTH)}-%`;

/**
 * The first 27 characters of every event id of one dataset and pair of runs: replacing a
 * comparison's events finds exactly its own rows (`LIKE 'prefix-%'`), though Baselinr's table
 * has no schema or baseline column. Hex only, so the prefix holds no LIKE wildcard.
 */
export function eventIdPrefix(scope: EventScope): string {
  return createHash('sha256').update([scope.runId, scope.baselineRunId, scope.schema, scope.table].join('\0')).digest('hex').slice(0, PREFIX_LENGTH);
}

/**
 * One event as Baselinr's SQL event hook writes it: a 36-character id, its event type name, the
 * severity in `drift_severity`, values as numbers (null where the value is not one: a column type),
 * and the event's fields again in `metadata` (JSON), with what Baselinr has no column for: the
 * schema, the baseline run and, when the two runs covered different rows, the rows each covered.
 */
export function baselinrEventRow(event: DriftEvent, prefix: string, index: number, writtenAt: Date, rowSelection?: RowSelectionDifference): unknown[] {
  const schemaChange = event.eventType !== 'drift';
  const metadata = {
    table: event.table,
    schema: event.schema,
    column: event.column,
    run_id: event.runId,
    baseline_run_id: event.baselineRunId,
    explanation: event.note,
    ...(rowSelection ? { row_selection: { current: rowSelection.current, baseline: rowSelection.baseline } } : {}),
    ...(schemaChange
      ? { change_type: event.eventType, old_type: event.baselineValue, new_type: event.currentValue, change_severity: event.severity }
      : {
          metric: event.metric,
          baseline_value: numberOrNull(event.baselineValue),
          current_value: numberOrNull(event.currentValue),
          change_percent: event.changePercent,
          drift_severity: event.severity,
        }),
  };
  return [
    `${prefix}-${String(index).padStart(8, '0')}`,
    BASELINR_EVENT_TYPES[event.eventType],
    event.runId,
    event.table,
    event.column,
    event.metric,
    numberOrNull(event.baselineValue),
    numberOrNull(event.currentValue),
    event.changePercent,
    event.severity,
    event.detectedAt,
    JSON.stringify(metadata),
    writtenAt,
  ];
}

/** Baselinr's value columns are FLOAT: a stored value that is not a finite number has no place there. */
function numberOrNull(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * One event Baselinr's SQL event hook wrote, read back: what it has columns for from them, the rest
 * (schema, change type, old and new column types, change severity, explanation) from its metadata JSON.
 */
export function readBaselinrEvent(row: Row): BaselinrDriftEvent {
  const metadata = storedJsonObject<Record<string, unknown>>(row.metadata) ?? {};
  const said = (key: string) => storedText(metadata[key] ?? null);
  const schemaChange = String(row.event_type) === 'SchemaChangeDetected';
  const number = (value: unknown) => {
    const n = storedNumber(value);
    return n === null ? null : String(n);
  };
  return {
    eventId: String(row.event_id),
    runId: storedText(row.run_id) ?? said('run_id'),
    schema: said('schema'),
    table: storedText(row.table_name) ?? said('table'),
    column: storedText(row.column_name) ?? said('column'),
    metric: storedText(row.metric_name),
    eventType: schemaChange ? (said('change_type') ?? 'schema_change') : 'drift',
    baselineValue: schemaChange ? said('old_type') : number(row.baseline_value),
    currentValue: schemaChange ? said('new_type') : number(row.current_value),
    changePercent: storedNumber(row.change_percent),
    severity: baselinrSeverity(storedText(row.drift_severity) ?? said('change_severity')),
    note: said('explanation'),
    detectedAt: storedDate(row.timestamp),
  };
}

function baselinrSeverity(value: string | null): DriftSeverity | null {
  if (value === 'breaking') return 'high';
  return value === 'low' || value === 'medium' || value === 'high' ? value : null;
}

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TableOutcome } from '../engine/outcome.js';
import type { ProfileEngine } from '../engine/profile-engine.js';
import { tableKey } from '../adapter/types.js';

/**
 * Baselinr's Prometheus metrics (names and labels as in Python Baselinr), fed by the engine's
 * events. One registry per process; several runs add to the same counters.
 */
export class BaselinrMetrics {
  readonly registry = new Registry();
  readonly activeWorkers = new Gauge({ name: 'baselinr_active_workers', help: 'Tables being profiled right now', labelNames: ['warehouse'], registers: [this.registry] });
  readonly queueSize = new Gauge({ name: 'baselinr_worker_queue_size', help: 'Tables queued for a worker', labelNames: ['warehouse'], registers: [this.registry] });
  readonly waitingForSlot = new Gauge({
    name: 'baselinr_tasks_waiting_for_slot',
    help: 'Statements waiting for a concurrency slot (adaptive limit)',
    labelNames: ['warehouse'],
    registers: [this.registry],
  });
  readonly concurrencyLimit = new Gauge({
    name: 'baselinr_concurrency_limit',
    help: 'Statements allowed at once after adaptive reductions',
    labelNames: ['warehouse'],
    registers: [this.registry],
  });
  readonly tasks = new Counter({ name: 'baselinr_worker_tasks_total', help: 'Tables finished by workers', labelNames: ['warehouse', 'status'], registers: [this.registry] });
  readonly runs = new Counter({
    name: 'baselinr_profile_runs_total',
    help: 'Table profiles finished, and tables skipped as unchanged (status skipped)',
    labelNames: ['warehouse', 'environment', 'status'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'baselinr_profile_duration_seconds',
    help: 'Time to profile one table',
    labelNames: ['warehouse', 'table'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  readonly rows = new Counter({ name: 'baselinr_rows_profiled_total', help: 'Rows profiled', labelNames: ['warehouse', 'table'], registers: [this.registry] });
  readonly columns = new Counter({ name: 'baselinr_columns_profiled_total', help: 'Columns profiled', labelNames: ['warehouse', 'table'], registers: [this.registry] });
  readonly queryDuration = new Histogram({
    name: 'baselinr_query_duration_seconds',
    help: 'Duration of one profiling statement, retries included',
    labelNames: ['warehouse', 'query_type'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly errors = new Counter({ name: 'baselinr_errors_total', help: 'Tables that failed, by error kind', labelNames: ['warehouse', 'error_type'], registers: [this.registry] });
  readonly retries = new Counter({
    name: 'baselinr_retries_total',
    help: 'Statement and catalog query retries',
    labelNames: ['warehouse', 'error_type'],
    registers: [this.registry],
  });
  readonly driftEvents = new Counter({
    name: 'baselinr_drift_events_total',
    help: 'Drift and schema-change events detected',
    labelNames: ['warehouse', 'table', 'severity'],
    registers: [this.registry],
  });
  readonly waitingForSharedSlot = new Gauge({
    name: 'baselinr_statements_waiting_for_shared_slot',
    help: 'Statements of this process waiting for a slot of the shared pool (coordination)',
    labelNames: ['warehouse', 'pool'],
    registers: [this.registry],
  });
  readonly sharedSlotWait = new Histogram({
    name: 'baselinr_shared_slot_wait_seconds',
    help: 'Time a statement waited for a slot of the shared pool (coordination)',
    labelNames: ['warehouse', 'pool'],
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  /** Subscribes to an engine's events; returns a function that unsubscribes. */
  observe(engine: ProfileEngine, environment: string): () => void {
    let warehouse = 'unknown';
    const running = new Set<string>();
    const unsubscribe = [
      engine.on('run_started', ({ plan }) => {
        warehouse = plan.warehouse;
        this.concurrencyLimit.set({ warehouse }, plan.workers.workers);
        this.queueSize.set({ warehouse }, 0);
        this.activeWorkers.set({ warehouse }, 0);
      }),
      engine.on('table_started', ({ table }) => {
        running.add(tableKey(table));
        this.activeWorkers.inc({ warehouse });
      }),
      engine.on('queue_changed', ({ waiting }) => this.queueSize.set({ warehouse }, waiting)),
      engine.on('statements_waiting', ({ waiting }) => this.waitingForSlot.set({ warehouse }, waiting)),
      engine.on('slot_wait', ({ pool, state, waitedMs, waiting }) => {
        this.waitingForSharedSlot.set({ warehouse, pool }, waiting);
        if (state === 'acquired') this.sharedSlotWait.observe({ warehouse, pool }, waitedMs / 1000);
      }),
      engine.on('concurrency_changed', ({ to }) => this.concurrencyLimit.set({ warehouse }, to)),
      engine.on('statement_completed', ({ record }) => this.queryDuration.observe({ warehouse, query_type: record.purpose }, record.durationMs / 1000)),
      engine.on('retry', ({ kind }) => this.retries.inc({ warehouse, error_type: kind })),
      // Catalog queries run before run_started: the event names the warehouse.
      engine.on('catalog_retry', (e) => this.retries.inc({ warehouse: e.warehouse, error_type: e.kind })),
      // Baselinr's status label: a skip is a run of the table that profiled nothing.
      engine.on('table_skipped', () => this.runs.inc({ warehouse, environment, status: 'skipped' })),
      engine.on('table_completed', ({ outcome }) => {
        const table = `${outcome.schema}.${outcome.table}`;
        this.duration.observe({ warehouse, table }, outcome.durationMs / 1000);
        this.rows.inc({ warehouse, table }, outcome.rowCount ?? 0);
        this.columns.inc({ warehouse, table }, outcome.columnCount ?? 0);
      }),
      engine.on('table_failed', ({ outcome }) => this.errors.inc({ warehouse, error_type: outcome.error?.kind ?? 'unknown' })),
    ];
    const finished = ({ outcome }: { outcome: TableOutcome }) => {
      // Tables missing from the catalog never started a worker.
      if (running.delete(tableKey(outcome))) this.activeWorkers.dec({ warehouse });
      this.tasks.inc({ warehouse, status: outcome.status });
      this.runs.inc({ warehouse, environment, status: outcome.status });
    };
    unsubscribe.push(engine.on('table_completed', finished), engine.on('table_failed', finished));
    return () => {
      for (const off of unsubscribe) off();
    };
  }
}

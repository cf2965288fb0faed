import type { WarehouseAdapter, WarehouseSession } from '../adapter/contract.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig } from '../config/schema.js';
import { openSharedSlots } from '../coordination/open.js';
import { sharedPoolSettings } from '../coordination/settings.js';
import type { SharedSlots, SlotLimiterOptions } from '../coordination/slot-limiter.js';
import { resolveWorkers, type WorkerPlan } from '../scheduler/effective-workers.js';
import type { ResultsStore } from '../store/contract.js';
import { openResultsStore } from '../store/open-store.js';
import type { RunSecrets } from './run-secrets.js';

export interface RunResourceOptions extends ResolveAdapterOptions {
  /** Overrides `execution.max_workers` (the CLI's `--workers`); still clamped like it. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /**
   * A shared slot pool the caller owns and closes (a queue worker keeps one for all its jobs).
   * Without it, the resources open the pool `coordination` describes, and close it.
   */
  readonly slots?: SharedSlots;
  /**
   * A results store the caller owns and closes (an embedder's own, a test's in memory), used
   * instead of the one `storage` names.
   */
  readonly store?: ResultsStore;
}

/** What a run holds while it profiles: each resolved and opened once, closed together. */
export interface RunResources {
  readonly adapter: WarehouseAdapter;
  readonly workers: WorkerPlan;
  readonly session: WarehouseSession;
  readonly store: ResultsStore;
  readonly slots: SharedSlots | undefined;
  close(): Promise<void>;
}

/**
 * Resolves the source's and the store's adapters once, sizes the run, then opens the store, the
 * shared slots and the source session side by side. `read` access (plan) creates nothing in the
 * store. Whatever opened is closed again when another part fails. Errors are redacted.
 */
export function openRunResources(
  config: BaselinrConfig,
  options: RunResourceOptions,
  secrets: RunSecrets,
  run: { readonly runId: string; readonly access: 'read' | 'write'; readonly onLeaseLost?: SlotLimiterOptions['onLeaseLost'] },
): Promise<RunResources> {
  return secrets.guard(async () => {
    const adapter = await resolveAdapter(config.source, options);
    secrets.learn(adapter);
    const storeAdapter = options.store ? undefined : await resolveAdapter(config.storage.connection, options);
    if (storeAdapter) secrets.learn(storeAdapter);
    const workers = resolveWorkers(adapter, config.source, config.execution, options.workers);
    const settings = sharedPoolSettings(config);
    const slotsAdapter = settings && settings.connection === config.storage.connection ? storeAdapter : undefined;
    const opened = await Promise.allSettled([
      options.store ?? openResultsStore(config, { ...options, adapter: storeAdapter, access: run.access, runId: run.runId }),
      adapter.connect(config.source, {
        policy: workers.pool,
        runId: run.runId,
        signal: options.signal,
        timeouts: { statementSeconds: config.execution.statement_timeout_seconds, tableSeconds: config.execution.table_timeout_seconds },
      }),
      run.access === 'write' && !options.slots
        ? openSharedSlots(config, { ...options, adapter: slotsAdapter, holder: run.runId, onLeaseLost: run.onLeaseLost })
        : Promise.resolve(undefined),
    ] as const);
    const [store, session, ownSlots] = opened;
    const closeAll = () =>
      Promise.allSettled([
        store.status === 'fulfilled' && !options.store ? store.value.close() : undefined,
        session.status === 'fulfilled' ? session.value.close() : undefined,
        ownSlots.status === 'fulfilled' ? ownSlots.value?.close() : undefined,
      ]).then(() => undefined);
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) {
      await closeAll();
      throw failed.reason;
    }
    return {
      adapter,
      workers,
      session: (session as PromiseFulfilledResult<WarehouseSession>).value,
      store: (store as PromiseFulfilledResult<ResultsStore>).value,
      slots: options.slots ?? (ownSlots as PromiseFulfilledResult<SharedSlots | undefined>).value,
      close: closeAll,
    };
  });
}

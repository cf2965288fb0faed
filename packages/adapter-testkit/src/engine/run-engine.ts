import { ProfileEngine, validateConfig, type BaselinrConfigInput, type RunPlan, type RunResult, type TableRef, type WarehouseAdapter } from '@baselinr/core';
import type { TestNamespace } from '../harness.js';
import { MemoryResultsStore } from './memory-store.js';

export type RunSettings = Pick<BaselinrConfigInput, 'profiling' | 'execution' | 'retry'> & { readonly storage?: BaselinrConfigInput['storage'] };

/** The engine exactly as the CLI runs it, on the namespace, with results in memory unless `storage` says otherwise. */
export interface RunOptions {
  readonly runId?: string;
  readonly signal?: AbortSignal;
  /** Tables the in-memory store remembers as profiled in `seconds` before, which orders (and batches) the run. */
  readonly history?: { readonly tables: readonly TableRef[]; readonly seconds: number };
}

function engineFor(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings, options: RunOptions = {}): ProfileEngine {
  const config = validateConfig({
    source: namespace.connection,
    ...(settings.storage ? { storage: settings.storage } : {}),
    profiling: settings.profiling,
    execution: settings.execution,
    retry: settings.retry,
  });
  const store = settings.storage ? undefined : new MemoryResultsStore(options.history);
  const adapters: Record<string, WarehouseAdapter> = { [namespace.connection.type]: adapter, [config.storage.connection.type]: adapter };
  return new ProfileEngine(config, { adapters, store, runId: options.runId, signal: options.signal });
}

export function profile(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings, options?: RunOptions): Promise<RunResult> {
  return engineFor(adapter, namespace, settings, options).profile();
}

export function plan(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings): Promise<RunPlan> {
  return engineFor(adapter, namespace, settings).plan();
}

import { ProfileEngine, validateConfig, type BaselinrConfigInput, type RunPlan, type RunResult, type WarehouseAdapter } from '@baselinr/core';
import type { TestNamespace } from '../harness.js';
import { MemoryResultsStore } from './memory-store.js';

export type RunSettings = Pick<BaselinrConfigInput, 'profiling' | 'execution' | 'retry'> & { readonly storage?: BaselinrConfigInput['storage'] };

/** The engine exactly as the CLI runs it, on the namespace, with results in memory unless `storage` says otherwise. */
function engineFor(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings, options: { runId?: string; signal?: AbortSignal } = {}): ProfileEngine {
  const config = validateConfig({
    source: namespace.connection,
    ...(settings.storage ? { storage: settings.storage } : {}),
    profiling: settings.profiling,
    execution: settings.execution,
    retry: settings.retry,
  });
  const store = settings.storage ? undefined : new MemoryResultsStore();
  const adapters: Record<string, WarehouseAdapter> = { [namespace.connection.type]: adapter, [config.storage.connection.type]: adapter };
  return new ProfileEngine(config, { adapters, store, ...options });
}

export function profile(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings, options?: { runId?: string }): Promise<RunResult> {
  return engineFor(adapter, namespace, settings, options).profile();
}

export function plan(adapter: WarehouseAdapter, namespace: TestNamespace, settings: RunSettings): Promise<RunPlan> {
  return engineFor(adapter, namespace, settings).plan();
}

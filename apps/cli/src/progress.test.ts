import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, ProfileEngine, RunPlan, TableOutcome } from '@baselinr/core';
import { Logger } from './logger.js';
import { reportProgress } from './progress.js';

/** Just the `on` of an engine, fed by the test. */
function fakeEngine() {
  const emitter = new EventEmitter();
  const engine = {
    on: (type: string, listener: (event: EngineEvent) => void) => {
      emitter.on(type, listener);
      return () => emitter.off(type, listener);
    },
  } as unknown as ProfileEngine;
  return { engine, emit: (event: EngineEvent) => emitter.emit(event.type, event) };
}

const plan = {
  warehouse: 'postgres',
  workers: { requested: 4, workers: 4, clamps: [], pool: { size: 6, maxConcurrentStatements: 4, reason: '' } },
  tables: [{}, {}],
  missing: [],
  unmatched: [],
} as unknown as RunPlan;
const table = { schema: 'public', table: 'orders' };
const outcome = { ...table, status: 'succeeded', rowCount: 10, columnCount: 2, columns: [], statements: [], startedAt: new Date(), durationMs: 5, worker: 0 } as TableOutcome;

describe('progress with a shared pool', () => {
  it('the status line says how many statements wait for a shared slot, and nothing once none do', () => {
    const { engine, emit } = fakeEngine();
    const lines: string[] = [];
    const stop = reportProgress(engine, { logger: new Logger(() => undefined), liveLine: (text) => lines.push(text) });
    emit({ type: 'run_started', runId: 'r', plan });
    emit({ type: 'slot_wait', runId: 'r', table, pool: 'warehouse', state: 'waiting', waitedMs: 0, waiting: 3 });
    emit({ type: 'table_completed', runId: 'r', outcome });
    emit({ type: 'slot_wait', runId: 'r', table, pool: 'warehouse', state: 'acquired', waitedMs: 120, waiting: 0 });
    emit({ type: 'table_completed', runId: 'r', outcome });
    stop();
    expect(lines[0]).toMatch(/^1\/2 tables, 0 active, 3 waiting for slot, 0 failed/);
    expect(lines[1]).not.toContain('waiting for slot');
  });

  it('a lost lease is logged as a warning', () => {
    const { engine, emit } = fakeEngine();
    const logged: string[] = [];
    const stop = reportProgress(engine, { logger: new Logger((line) => logged.push(line)) });
    emit({ type: 'slot_lost', runId: 'r', pool: 'warehouse', slot: 5 });
    stop();
    expect(logged).toEqual([expect.stringMatching(/^warn: lost slot 5 of shared pool warehouse/)]);
  });
});

describe('progress while discovery still lists', () => {
  it('counts tables of schemas listed after the run started, and warns of entries that matched nothing there', () => {
    const { engine, emit } = fakeEngine();
    const lines: string[] = [];
    const logged: string[] = [];
    const stop = reportProgress(engine, { logger: new Logger((line) => logged.push(line)), liveLine: (text) => lines.push(text) });
    emit({ type: 'run_started', runId: 'r', plan });
    emit({
      type: 'tables_discovered',
      runId: 'r',
      tables: [{ schema: 'b', table: 'x', type: 'table' }],
      missing: [{ schema: 'b', table: 'y' }],
      unmatched: ['pattern "z*" matches nothing'],
    });
    emit({ type: 'table_completed', runId: 'r', outcome });
    stop();
    expect(lines[0]).toMatch(/^1\/4 tables/);
    expect(logged).toContainEqual(expect.stringMatching(/^warn: matched nothing: pattern "z\*" matches nothing/));
  });
});

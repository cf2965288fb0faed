import type PgBoss from 'pg-boss';
import { errorMessage, isDuplicateKeyError, openCoordination, processLabel, type BaselinrConfig, type Row, type SqlDriver } from '@baselinr/core';
import type { Logger } from '../logger.js';
import { assertQueueMode, queueNames, type QueueNames } from './queue-mode.js';
import { RunTracker } from './run-tracker.js';
import { importAdapter } from './importer.js';
import { loadPgBoss } from './pg-boss.js';

/**
 * Connections a process's queue client holds (pg-boss's fetches, completions and maintenance,
 * and the run bookkeeping), however many jobs it runs at once.
 */
export const QUEUE_CONNECTIONS = 2;

export interface QueueConnection {
  readonly boss: PgBoss;
  readonly names: QueueNames;
  readonly tracker: RunTracker;
  readonly driver: SqlDriver;
  /** Stops pg-boss (waiting up to the job expiry for jobs in progress) and closes the connections. */
  close(): Promise<void>;
}

/** pg-boss runs its SQL through our driver: the adapter's connection settings, one bounded pool. */
export function bossDb(query: (sql: string, params?: readonly unknown[]) => Promise<Row[]>): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await query(text, values ?? []) }) };
}

/** Queue mode's connections to the results database (PostgreSQL, or a config error). */
export async function openQueueDriver(config: BaselinrConfig): Promise<SqlDriver> {
  assertQueueMode(config);
  return openCoordination(config.storage.connection, {
    importer: importAdapter,
    purpose: `queue ${processLabel()}`,
    connections: QUEUE_CONNECTIONS,
    configPath: 'storage.connection',
  });
}

/**
 * Connects to the results database for queue mode: pg-boss (its schema created or migrated on
 * first use), the job queue and its give-up queue, and the run bookkeeping tables. `worker`
 * processes also run pg-boss's maintenance, which finds jobs whose worker died.
 */
export async function openQueue(config: BaselinrConfig, role: 'enqueue' | 'worker', logger: Logger): Promise<QueueConnection> {
  // A store that cannot hold a queue is the problem to report first, before a missing pg-boss.
  assertQueueMode(config);
  const PgBossClass = await loadPgBoss();
  const driver = await openQueueDriver(config);
  const names = queueNames(config);
  const boss = new PgBossClass({
    db: bossDb(driver.query),
    schema: config.queue.schema,
    supervise: role === 'worker',
    maintenanceIntervalSeconds: config.queue.maintenance_interval_seconds,
    schedule: false,
  });
  boss.on('error', (err) => logger.warn(`queue: ${errorMessage(err)}`));
  const tracker = new RunTracker(driver, config.storage.runs_table);
  try {
    await boss.start();
    await ensureQueue(boss, names.deadLetter, {});
    await ensureQueue(boss, names.jobs, { deadLetter: names.deadLetter });
    await tracker.ensureTables();
  } catch (err) {
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await driver.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    boss,
    names,
    tracker,
    driver,
    close: () =>
      (closing ??= (async () => {
        try {
          await boss.stop({ graceful: true, wait: true, close: false, timeout: config.queue.job_expire_seconds * 1000 });
        } finally {
          await driver.close();
        }
      })()),
  };
}

/** pg-boss 10 refuses to create a queue twice; several processes may try at once. */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, { name, ...options });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { registerFunctions } from './functions.js';

/**
 * Runs better-sqlite3 (synchronous) off the main thread, so progress output and the metrics
 * endpoint stay responsive during a long scan. One request at a time, in arrival order.
 */
export interface WorkerRequest {
  readonly id: number;
  readonly sql: string;
  readonly params?: readonly unknown[];
}
export type WorkerResponse =
  | { readonly id: number; readonly rows: Record<string, unknown>[] }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

const { filepath } = workerData as { filepath: string };
let db: Database.Database | undefined;
let openError: { message: string; code?: string } | undefined;
try {
  db = new Database(filepath, { readonly: true, fileMustExist: true });
  registerFunctions(db);
} catch (err) {
  openError = { message: (err as Error).message, code: (err as { code?: string }).code ?? 'SQLITE_CANTOPEN' };
}

parentPort!.on('message', (request: WorkerRequest) => {
  if (!db) {
    parentPort!.postMessage({ id: request.id, error: openError! } satisfies WorkerResponse);
    return;
  }
  try {
    const statement = db.prepare(request.sql).safeIntegers(true);
    const params = request.params ?? [];
    const rows = statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
    parentPort!.postMessage({ id: request.id, rows } satisfies WorkerResponse);
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: { message: (err as Error).message, code: (err as { code?: string }).code } } satisfies WorkerResponse);
  }
});

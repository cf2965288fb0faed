import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselinrConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import { retryWhileBusy, STORE_BUSY_RETRY, type BusyRetry } from './busy-retry.js';
import type { ResultsStore, RunSummaryRecord, TableRunRecord } from './contract.js';
import { storeLocation } from './named-store.js';
import { localProcesses } from './run-liveness.js';
import { serialiseMetric } from './sql-store.js';

/** The spool's file format; a file of another version is left alone rather than misread. */
const SPOOL_FORMAT = 1;
const SUFFIX = '.json';
/** `<final name>.<pid>.tmp`: a file being written, renamed into place once complete. */
const PARTIAL = /\.(\d+)\.tmp$/;

type SpoolEntry =
  | { readonly format: number; readonly store: string; readonly kind: 'table_run'; readonly record: TableRunRecord }
  | { readonly format: number; readonly store: string; readonly kind: 'run_summary'; readonly record: RunSummaryRecord };

/**
 * Which store a spooled record is for: the store's location (never a password: see storeLocation)
 * and its tables, so a spool shared by several configs only ever flushes into the store it missed.
 */
export function spoolStoreIdentity(config: BaselinrConfig): string {
  const { connection, results_table, runs_table } = config.storage;
  return `${storeLocation(connection)} (tables ${runs_table}, ${results_table})`;
}

/**
 * Profiles that the results store could not take (it stayed locked or unreachable), kept in a
 * folder until the next run or `baselinr store flush` writes them. One file per table run (and one
 * per run summary), written whole to a temporary name and renamed, so a crash leaves either the
 * complete file or none. Files hold what the store would: metrics and redacted errors, never
 * connection settings; they are readable by their owner only.
 */
export class ResultsSpool {
  constructor(
    readonly dir: string,
    private readonly store: string,
  ) {}

  /** Keeps one table's record; returns the file's path. */
  keepTableRun(record: TableRunRecord): string {
    // Metric values as the store's text: NaN, ±Infinity and exact big numbers survive JSON.
    const columns = record.columns.map((c) => ({ ...c, metrics: Object.fromEntries(Object.entries(c.metrics).map(([name, value]) => [name, serialiseMetric(value)])) }));
    return this.write(`table_run-${digest(record.runId, record.schema, record.table)}`, { kind: 'table_run', record: { ...record, columns } });
  }

  /** Keeps a run's summary, replacing one kept before for the same run. */
  keepRunSummary(summary: RunSummaryRecord): string {
    return this.write(`run_summary-${digest(summary.runId)}`, { kind: 'run_summary', record: summary });
  }

  private write(name: string, entry: Pick<SpoolEntry, 'kind' | 'record'>): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, name + SUFFIX);
    const partial = `${path}.${process.pid}.tmp`;
    const fd = openSync(partial, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ format: SPOOL_FORMAT, store: this.store, ...entry }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
    return path;
  }
}

export interface SpoolFlush {
  readonly dir: string;
  /** Records written to the store now. */
  readonly written: number;
  /** Records the store had already (a flush that was interrupted after writing): removed, not written twice. */
  readonly alreadyStored: number;
  /** Records for another store, left in place. */
  readonly otherStore: number;
  /** Files that cannot be read as a spooled record, left in place for a person to look at. */
  readonly unreadable: readonly string[];
  /** Leftovers of a process that died while writing a spool file (incomplete, never a whole record): removed. */
  readonly partialRemoved: number;
  /** Records for this store still in the spool: the store failed again (the error says why). */
  readonly remaining: number;
  readonly error?: string;
}

/**
 * Writes every record spooled for this store into it, oldest kind first (table runs, then the run
 * summaries that describe them), removing each file once stored. A record the store has already
 * (its run row exists) is removed without writing it again, so flushing twice, or after a crash,
 * never duplicates. A busy store is waited out for `busy`; the first write that fails even so stops
 * the flush, and the rest stay for the next one.
 */
export async function flushSpool(store: ResultsStore, dir: string, identity: string, busy: BusyRetry = STORE_BUSY_RETRY): Promise<SpoolFlush> {
  const flush = { dir, written: 0, alreadyStored: 0, otherStore: 0, unreadable: [] as string[], partialRemoved: 0, remaining: 0, error: undefined as string | undefined };
  const entries: { path: string; entry: SpoolEntry }[] = [];
  let names: string[];
  try {
    names = listDir(dir);
  } catch (err) {
    return { ...flush, error: `cannot read the spool ${dir}: ${errorMessage(err)}` };
  }
  for (const name of names) {
    const path = join(dir, name);
    const partial = PARTIAL.exec(name);
    if (partial) {
      // Another process may be writing it right now; only a dead writer's leftover goes.
      if (!localProcesses.isAlive(Number(partial[1])) && removedQuietly(path)) flush.partialRemoved++;
      continue;
    }
    if (!name.endsWith(SUFFIX)) continue;
    const entry = readEntry(path);
    if (entry === 'gone') continue; // flushed by another process meanwhile
    if (!entry) flush.unreadable.push(path);
    else if (entry.store !== identity) flush.otherStore++;
    else entries.push({ path, entry });
  }
  entries.sort((a, b) => kindOrder(a.entry) - kindOrder(b.entry) || (a.path < b.path ? -1 : 1));
  for (const [index, { path, entry }] of entries.entries()) {
    try {
      if (await alreadyStored(store, entry)) flush.alreadyStored++;
      else {
        await retryWhileBusy(() => writeEntry(store, entry), busy);
        flush.written++;
      }
      removed(path);
    } catch (err) {
      flush.remaining = entries.length - index;
      flush.error = errorMessage(err);
      break;
    }
  }
  return flush;
}

const kindOrder = (entry: SpoolEntry) => (entry.kind === 'table_run' ? 0 : 1);

async function alreadyStored(store: ResultsStore, entry: SpoolEntry): Promise<boolean> {
  // A summary is replaced whole, so writing it again is harmless.
  if (entry.kind === 'run_summary') return false;
  const { runId, schema, table } = entry.record;
  return (await store.listRuns({ runId, dataset: { schema, table }, limit: 1 })).length > 0;
}

async function writeEntry(store: ResultsStore, entry: SpoolEntry): Promise<void> {
  if (entry.kind === 'run_summary') await store.saveRunSummary?.(entry.record);
  else await store.saveTableRun(entry.record);
}

function readEntry(path: string): SpoolEntry | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return undefined;
  }
  try {
    return revive(JSON.parse(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** Dates back from their JSON text; anything not of this format is unreadable. */
function revive(raw: Record<string, unknown>): SpoolEntry | undefined {
  if (raw.format !== SPOOL_FORMAT || typeof raw.store !== 'string' || typeof raw.record !== 'object' || raw.record === null) return undefined;
  const record = raw.record as Record<string, unknown>;
  const date = (value: unknown) => new Date(value as string);
  if (raw.kind === 'table_run') {
    const timing = record.timing as Record<string, unknown> | undefined;
    const revived = { ...record, profiledAt: date(record.profiledAt), ...(timing ? { timing: { ...timing, finishedAt: date(timing.finishedAt) } } : {}) };
    return { format: SPOOL_FORMAT, store: raw.store, kind: 'table_run', record: revived as unknown as TableRunRecord };
  }
  if (raw.kind === 'run_summary') {
    const revived = { ...record, startedAt: date(record.startedAt), finishedAt: record.finishedAt === null ? null : date(record.finishedAt) };
    return { format: SPOOL_FORMAT, store: raw.store, kind: 'run_summary', record: revived as unknown as RunSummaryRecord };
  }
  return undefined;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Removes a file another process may have removed already; false when it had. */
function removed(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function removedQuietly(path: string): boolean {
  try {
    return removed(path);
  } catch {
    return false;
  }
}

/** A file name from the record's identity: any run id or table name, always a safe name. */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasuredNode } from './measure/measured-process.js';
import type { SourceConfig } from './warehouse/warehouse.js';

/** The CLI as a user runs it: the `baselinr` package's bin, spawned as its own process. */
const CLI_BIN = join(dirname(createRequire(import.meta.url).resolve('baselinr/package.json')), 'dist', 'bin.js');
/** The bench package: adapters resolve from here, as they would from a user's project. */
const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

export interface ProfileRequest {
  readonly source: SourceConfig;
  /** `profiling.tables` entries. */
  readonly tables: ReadonlyArray<Record<string, string | boolean>>;
  readonly workers: number;
  readonly queueSize?: number;
  /** `execution.batch_size`: tables described per catalog query. */
  readonly batchSize?: number;
  /**
   * `json` (default): `--json`, per-table figures. `text`: the default summary table, for the
   * memory of a run as users run it (the JSON document of 5,000 tables is tens of MB); tables
   * are then not reported and the engine time comes from the `Run ...: 12.34s` line.
   */
  readonly output?: 'json' | 'text';
  /** A results store kept across runs (its directory), for runs that read history; default: a fresh one per run. */
  readonly storeDir?: string;
  /** `incremental.enabled`: unchanged tables are skipped. */
  readonly incremental?: boolean;
}

/** One table as `--json` reports it, reduced to what the benchmark reads. */
export interface TableTiming {
  readonly table: string;
  readonly rowCount: number | null;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly statementCount: number;
  readonly statementMs: readonly number[];
  /** Round trips the table's statements took, a statement shared by n small tables counting 1/n. */
  readonly roundTrips: number;
  /** Numeric columns' min and max as profiled: the bounds of the histogram statement. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly kind: string; readonly min: unknown; readonly max: unknown }>;
}

export interface ProfileRun {
  readonly workers: number;
  readonly effectiveWorkers: number;
  readonly wallMs: number;
  /** The run as the engine timed it: discovery to the last stored table, without Node start-up. */
  readonly engineMs: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly tables: readonly TableTiming[];
  /** Tables left out as unchanged (incremental profiling; `--json` only). */
  readonly skipped: number;
}

interface CliJson {
  durationMs: number;
  summary: { skipped?: number };
  workers: { effective: number };
  tables: Array<{
    table: string;
    rowCount: number | null;
    startedAt: string;
    durationMs: number;
    statementCount: number;
    statements: Array<{ durationMs: number; batchedTables?: number }>;
    columns: Array<{ name: string; kind: string; metrics: { min?: unknown; max?: unknown } }>;
  }>;
}

/**
 * Runs `baselinr profile --json` on a fresh config and a fresh SQLite results store, so no
 * run's history orders the next one, and measures the process. A failed table fails the
 * benchmark: timings of a run that did not do the work mean nothing.
 */
export async function profileWithCli(request: ProfileRequest): Promise<ProfileRun> {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-bench-run-'));
  try {
    const configPath = join(dir, 'config.json');
    const config = {
      source: request.source,
      storage: { connection: { type: 'sqlite', filepath: join(request.storeDir ?? dir, 'results.db') } },
      profiling: { tables: request.tables },
      ...(request.incremental ? { incremental: { enabled: true } } : {}),
      execution: {
        max_workers: request.workers,
        ...(request.queueSize ? { queue_size: request.queueSize } : {}),
        ...(request.batchSize ? { batch_size: request.batchSize } : {}),
      },
    };
    // JSON is YAML: the CLI reads it as any config.yml.
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const json = request.output !== 'text';
    const args = ['profile', '--config', configPath, '--workers', String(request.workers), ...(json ? ['--json'] : [])];
    const measured = await runMeasuredNode(CLI_BIN, args, BENCH_DIR);
    if (measured.exitCode !== 0) {
      throw new Error(`baselinr profile exited ${measured.exitCode}:\n${measured.stderr.split('\n').slice(-15).join('\n')}`);
    }
    const usage = { workers: request.workers, wallMs: measured.wallMs, cpuSeconds: measured.cpuSeconds, peakRssMb: measured.peakRssMb };
    if (!json) {
      const line = /^Run \S+: ([\d.]+)s with (\d+) worker/m.exec(measured.stdout);
      return { ...usage, effectiveWorkers: Number(line?.[2] ?? NaN), engineMs: Number(line?.[1] ?? NaN) * 1000, tables: [], skipped: 0 };
    }
    const result = JSON.parse(measured.stdout) as CliJson;
    return {
      ...usage,
      effectiveWorkers: result.workers.effective,
      engineMs: result.durationMs,
      skipped: result.summary.skipped ?? 0,
      tables: result.tables.map((t) => ({
        table: t.table,
        rowCount: t.rowCount,
        startedAtMs: Date.parse(t.startedAt),
        durationMs: t.durationMs,
        statementCount: t.statementCount,
        statementMs: t.statements.map((s) => s.durationMs),
        roundTrips: t.statements.reduce((sum, s) => sum + 1 / (s.batchedTables ?? 1), 0),
        columns: t.columns.map((c) => ({ name: c.name, kind: c.kind, min: c.metrics.min, max: c.metrics.max })),
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

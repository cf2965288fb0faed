import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, type BenchContext } from './bench-context.js';
import { loadAverage, machineNotes } from './environment.js';
import { withLatencyProxy } from './latency-proxy.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import type { ProfileRun } from './profile-run.js';
import { count, seconds } from './report/format.js';
import { runData, writeResults, type NamedReport } from './report/results-writer.js';
import { targetsReport, type TargetInputs } from './report/targets.js';
import { engineRuns, enginesReport, type EngineRuns } from './runs/engines.js';
import { batchingRun } from './runs/batching.js';
import { floorRun } from './runs/floor.js';
import { headlineRun } from './runs/headline.js';
import { incrementalRun } from './runs/incremental.js';
import { orderingRun } from './runs/ordering.js';
import { scalingRun } from './runs/scaling.js';
import { statementsReport } from './runs/statements.js';
import { tinyRun } from './runs/tiny.js';
import { MariadbWarehouse } from './warehouse/mariadb-warehouse.js';
import { PostgresWarehouse } from './warehouse/postgres-warehouse.js';
import { prepareSet, type GenerationRecord } from './warehouse/prepare-set.js';
import { SqliteWarehouse } from './warehouse/sqlite-warehouse.js';
import { equalSet, skewedSet, tinySet, type TableSet } from './warehouse/table-sets.js';
import type { BenchWarehouse } from './warehouse/warehouse.js';

/** Rows of each tiny table and columns: enough for both statements, nothing for the server to do. */
const TINY_SHAPE = { rows: 10, columns: 4 } as const;

/** What the runs leave behind for the cross-run tables (statements, targets). */
interface Collected {
  readonly reports: NamedReport[];
  readonly generation: GenerationRecord[];
  readonly statementRuns: Array<{ label: string; run: ProfileRun }>;
  readonly targets: { -readonly [K in keyof TargetInputs]: TargetInputs[K] };
}

/** Generates a set, remembers to drop it (unless --keep), and records how long generating took. */
async function generate(ctx: BenchContext, collected: Collected, cleanup: Array<() => Promise<void>>, warehouse: BenchWarehouse, set: TableSet, analyze: boolean) {
  ctx.log(`generating ${warehouse.engine} ${set.schema}: ${set.tables.length} tables`);
  collected.generation.push(await prepareSet(warehouse, set, { analyze }));
  if (!ctx.options.keep) cleanup.push(() => warehouse.drop(set));
}

async function postgresRuns(ctx: BenchContext, postgres: PostgresWarehouse, collected: Collected, cleanup: Array<() => Promise<void>>) {
  const { options } = ctx;
  const { only } = options;
  const shape = { tables: options.tables, rows: options.rows, columns: options.columns, seed: options.seed };
  if (only.has('scaling') || only.has('floor')) {
    const set = equalSet(shape);
    await generate(ctx, collected, cleanup, postgres, set, true);
    await withLatencyProxy(postgres.server, options.latencyMs, async (via) => {
      const scaling = await scalingRun(ctx, postgres, set, via);
      const most = Math.max(...scaling.runs.keys());
      const data = {
        byWorkers: [...scaling.runs.values()].map(runData),
        unbatchedByWorkers: [...scaling.unbatched.values()].map(runData),
        oneCatalogQuery: runData(scaling.oneCatalogQuery),
      };
      collected.reports.push({ name: 'scaling', table: scaling.report, data });
      collected.statementRuns.push({ label: `equal set, ${most} workers`, run: scaling.runs.get(most)! });
      collected.targets.fractionOfIdeal = scaling.atMost;
      if (only.has('floor')) {
        const floor = await floorRun(ctx, postgres, set, via, scaling.runs, options.pg);
        collected.reports.push({ name: 'floor', table: floor.report });
        collected.targets.floorRatio = { workers: most, value: floor.wallRatioAtMost };
      }
    });
  }
  if (only.has('ordering')) {
    const set = skewedSet({ ...shape, tables: options.skewedTables, rows: options.skewedRows });
    // The ordering run generates the set itself: each repeat needs a catalog without estimates.
    if (!options.keep) cleanup.push(() => postgres.drop(set));
    const ordering = await withLatencyProxy(postgres.server, options.latencyMs, (via) => orderingRun(ctx, postgres, set, via));
    collected.generation.push(ordering.generation);
    collected.reports.push({ name: 'ordering', table: ordering.report, data: ordering.runs.map(({ order, run }) => ({ order, ...runData(run) })) });
    collected.statementRuns.push({ label: 'skewed set, ordered', run: ordering.runs.find((r) => r.order === 'longest_first')!.run });
    collected.targets.orderedToBound = ordering.orderedToBound;
  }
  if (only.has('tiny')) {
    const set = tinySet({ ...TINY_SHAPE, tables: options.tinyTables, seed: options.seed });
    await generate(ctx, collected, cleanup, postgres, set, true);
    const tiny = await tinyRun(ctx, postgres, set, options.pg);
    collected.reports.push({ name: 'tiny', table: tiny.report, data: runData(tiny.jsonRun) });
    collected.statementRuns.push({ label: `tiny set, ${count(set.tables.length)} tables`, run: tiny.jsonRun });
    collected.targets.tinyPeakRssMb = { tables: set.tables.length, ...tiny.peakRssMb };
    collected.targets.tinyOverheadMs = tiny.overheadMsPerTable;
  }
  if (only.has('batching')) {
    const set = tinySet({ rows: options.batchRows, columns: TINY_SHAPE.columns, tables: options.batchTables, seed: options.seed }, 'bench_batching');
    await generate(ctx, collected, cleanup, postgres, set, true);
    const batching = await withLatencyProxy(postgres.server, options.latencyMs, (via) => batchingRun(ctx, postgres, set, via));
    collected.reports.push({ name: 'batching', table: batching.report, data: runData(batching.on) });
    collected.targets.batching = { speedup: batching.speedup, statementsPerTable: batching.statementsPerTable };
  }
  if (only.has('incremental')) {
    const set = equalSet({ ...shape, tables: options.incrementalTables }, 'bench_incremental');
    await generate(ctx, collected, cleanup, postgres, set, true);
    const incremental = await withLatencyProxy(postgres.server, options.latencyMs, (via) => incrementalRun(ctx, postgres, set, via));
    collected.reports.push({ name: 'incremental', table: incremental.report });
    collected.targets.incremental = incremental;
  }
  if (only.has('headline')) {
    const schema = 'bench_headline';
    await postgres.createSleepingViews(schema, options.headlineTables, options.headlineSeconds);
    if (!options.keep) cleanup.push(() => postgres.dropSchema(schema));
    const headline = await headlineRun(ctx, postgres, schema);
    collected.reports.push({ name: 'headline', table: headline.report });
    collected.targets.headline = headline.atMost;
  }
}

async function enginesRun(ctx: BenchContext, postgres: PostgresWarehouse, collected: Collected, cleanup: Array<() => Promise<void>>, sqliteDir: string) {
  const { options } = ctx;
  const set = equalSet({ tables: options.engineTables, rows: options.rows, columns: options.columns, seed: options.seed }, 'bench_engines');
  const mariadb = await MariadbWarehouse.connect(options.mariadb);
  cleanup.push(() => mariadb.close());
  const results: EngineRuns[] = [];
  for (const warehouse of [new SqliteWarehouse(sqliteDir), mariadb, postgres]) {
    await generate(ctx, collected, cleanup, warehouse, set, true);
    results.push(await engineRuns(ctx, warehouse, set));
  }
  collected.reports.push({ name: 'engines', table: enginesReport(set, results), data: results.map((r) => ({ engine: r.warehouse.engine, runs: r.runs.map(runData) })) });
}

function generationReport(records: readonly GenerationRecord[]): NamedReport {
  return {
    name: 'generation',
    table: {
      title: 'Data generation (server-side: generate_series, seq_1_to_N, recursive CTE)',
      headers: ['engine', 'schema', 'tables', 'rows', 'create + warm + analyze'],
      rows: records.map((g) => [g.engine, g.schema, count(g.tables), count(g.rows), seconds(g.seconds * 1000)]),
      notes: ['Deterministic from --seed: every value is a hash of the row number with per-column constants drawn from the seed.'],
    },
    data: records,
  };
}

async function main(options: BenchOptions, command: string): Promise<void> {
  const ctx = createContext(options);
  const started = performance.now();
  const startLoad = loadAverage();
  const machine = await machineNotes(options.pg);
  const collected: Collected = { reports: [], generation: [], statementRuns: [], targets: {} };
  const cleanup: Array<() => Promise<void>> = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'baselinr-bench-sqlite-'));
  const postgres = await PostgresWarehouse.connect(options.pg);
  try {
    await postgresRuns(ctx, postgres, collected, cleanup);
    if (options.only.has('engines')) await enginesRun(ctx, postgres, collected, cleanup, sqliteDir);
  } finally {
    // Drops first (they need the connections), then closes, in reverse order of creation.
    for (const step of cleanup.reverse()) await step().catch((err: Error) => ctx.log(`cleanup: ${err.message}`));
    await postgres.close();
    if (options.keep) ctx.log(`kept SQLite sets in ${sqliteDir}`);
    else rmSync(sqliteDir, { recursive: true, force: true });
  }
  const reports: NamedReport[] = [
    ...(Object.keys(collected.targets).length > 0 ? [{ name: 'targets', table: targetsReport(collected.targets) }] : []),
    ...collected.reports,
    ...(collected.statementRuns.length > 0 ? [{ name: 'statements', table: statementsReport(collected.statementRuns) }] : []),
    generationReport(collected.generation),
  ];
  const out = options.out === undefined ? fileURLToPath(new URL('../results/', import.meta.url)) : resolve(options.out);
  const summary = writeResults(out, {
    command,
    machine,
    options: { ...options, only: [...options.only] },
    loadAverage: { start: startLoad, end: loadAverage() },
    durationSeconds: (performance.now() - started) / 1000,
    reports,
  });
  ctx.log(`results: ${summary}`);
}

const argv = process.argv.slice(2);
let options: ReturnType<typeof parseOptions> | undefined;
try {
  options = parseOptions(argv);
} catch (err) {
  // A bad flag: say which and how to ask for the list, no stack.
  process.stderr.write(`bench: ${(err as Error).message}\n(node bench/dist/run.js --help lists the flags)\n`);
  process.exitCode = 2;
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else if (options) {
  try {
    await main(options, ['node bench/dist/run.js', ...argv].join(' '));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}

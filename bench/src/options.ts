import { parseArgs } from 'node:util';

export const RUN_NAMES = ['scaling', 'floor', 'ordering', 'tiny', 'batching', 'headline', 'incremental', 'engines'] as const;
export type RunName = (typeof RUN_NAMES)[number];

export interface BenchOptions {
  /** Equal set: tables, rows per table, columns per table. */
  readonly tables: number;
  readonly rows: number;
  readonly columns: number;
  /** Added by the proxy to every chunk in each direction. */
  readonly latencyMs: number;
  readonly workers: readonly number[];
  readonly skewedTables: number;
  /** Geometric middle of the skewed sizes: tables run from skewedRows / 10 to skewedRows * 10. */
  readonly skewedRows: number;
  readonly skewedWorkers: number;
  readonly tinyTables: number;
  /** Batching run: tiny tables through the proxy, and their rows. */
  readonly batchTables: number;
  readonly batchRows: number;
  /** Headline run: tables whose every scan sleeps `headlineSeconds` on the server. */
  readonly headlineTables: number;
  readonly headlineSeconds: number;
  /** Incremental run: tables profiled, then profiled again unchanged, then with one changed. */
  readonly incrementalTables: number;
  readonly engineTables: number;
  readonly seed: number;
  /** Each CLI measurement is taken this many times; the run with the median wall time is kept. */
  readonly repeat: number;
  readonly only: ReadonlySet<RunName>;
  readonly keep: boolean;
  /** Where results go; undefined: the bench package's results/ folder. */
  readonly out: string | undefined;
  readonly pg: { readonly host: string; readonly port: number; readonly database: string; readonly user: string };
  readonly mariadb: { readonly host: string; readonly port: number; readonly user: string };
}

export const USAGE = `node bench/dist/run.js [flags]

  --tables N          equal set: tables (50)
  --rows N            equal and engines sets: rows per table (1000)
  --columns N         columns per table (12)
  --latency-ms N      proxy delay per chunk in each direction (50); 0 = no proxy
  --workers LIST      scaling and floor worker counts (1,2,4,8)
  --skewed-tables N   skewed set: tables (20)
  --skewed-rows N     skewed set: sizes from N/10 to N*10 rows (10000)
  --skewed-workers N  skewed set: workers (4)
  --tiny-tables N     tiny set: tables (5000)
  --batch-tables N    batching run: tiny tables through the proxy (2000)
  --batch-rows N      batching run: rows per table (100)
  --headline-tables N headline run: tables of about one second of server work (50)
  --headline-seconds S  headline run: server sleep per scan, two scans per table (0.5)
  --incremental-tables N  incremental run: tables of the equal shape (500)
  --engine-tables N   engines run: tables per engine (20)
  --seed N            data generator seed (42)
  --repeat N          take each CLI measurement N times, keep the median (1)
  --only LIST         runs to do, of ${RUN_NAMES.join(',')} (all)
  --keep              keep the generated schemas
  --out DIR           where results go (bench/results/)
  --pg-host/--pg-port/--pg-database/--pg-user   PostgreSQL (127.0.0.1, 5432, test, postgres)
  --mariadb-host/--mariadb-port/--mariadb-user  MariaDB (127.0.0.1, 3306, root)`;

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name}: expected a whole number >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function list<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): Set<T> {
  if (value === undefined) return new Set(allowed);
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = items.filter((i) => !allowed.includes(i as T));
  if (unknown.length > 0) throw new RangeError(`--${name}: expected some of ${allowed.join(', ')}, got ${unknown.join(', ')}`);
  return new Set(items as T[]);
}

function positiveSeconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name}: expected a positive number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const str = { type: 'string' } as const;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      tables: str,
      rows: str,
      columns: str,
      'latency-ms': str,
      workers: str,
      'skewed-tables': str,
      'skewed-rows': str,
      'skewed-workers': str,
      'tiny-tables': str,
      'engine-tables': str,
      'batch-tables': str,
      'batch-rows': str,
      'headline-tables': str,
      'headline-seconds': str,
      'incremental-tables': str,
      seed: str,
      repeat: str,
      only: str,
      out: str,
      'pg-host': str,
      'pg-port': str,
      'pg-database': str,
      'pg-user': str,
      'mariadb-host': str,
      'mariadb-port': str,
      'mariadb-user': str,
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const workers = (values.workers ?? '1,2,4,8').split(',').map((w) => positiveInt('workers', w.trim(), 1));
  return {
    tables: positiveInt('tables', values.tables, 50),
    rows: positiveInt('rows', values.rows, 1000, 10),
    columns: positiveInt('columns', values.columns, 12, 2),
    latencyMs: positiveInt('latency-ms', values['latency-ms'], 50, 0),
    workers: [...new Set(workers)].sort((a, b) => a - b),
    skewedTables: positiveInt('skewed-tables', values['skewed-tables'], 20, 2),
    skewedRows: positiveInt('skewed-rows', values['skewed-rows'], 10_000, 100),
    skewedWorkers: positiveInt('skewed-workers', values['skewed-workers'], 4, 2),
    tinyTables: positiveInt('tiny-tables', values['tiny-tables'], 5000),
    batchTables: positiveInt('batch-tables', values['batch-tables'], 2000),
    batchRows: positiveInt('batch-rows', values['batch-rows'], 100),
    headlineTables: positiveInt('headline-tables', values['headline-tables'], 50),
    headlineSeconds: positiveSeconds('headline-seconds', values['headline-seconds'], 0.5),
    incrementalTables: positiveInt('incremental-tables', values['incremental-tables'], 500),
    engineTables: positiveInt('engine-tables', values['engine-tables'], 20),
    seed: positiveInt('seed', values.seed, 42, 0),
    repeat: positiveInt('repeat', values.repeat, 1),
    only: list('only', values.only, RUN_NAMES),
    keep: values.keep ?? false,
    out: values.out,
    pg: {
      host: values['pg-host'] ?? '127.0.0.1',
      port: positiveInt('pg-port', values['pg-port'], 5432),
      database: values['pg-database'] ?? 'test',
      user: values['pg-user'] ?? 'postgres',
    },
    mariadb: {
      host: values['mariadb-host'] ?? '127.0.0.1',
      port: positiveInt('mariadb-port', values['mariadb-port'], 3306),
      user: values['mariadb-user'] ?? 'root',
    },
  };
}

import type { BenchContext } from '../bench-context.js';
import { plannedStatements } from '../floor/planned-statements.js';
import { runPsqlFloor } from '../floor/psql-floor.js';
import type { ProfileRun } from '../profile-run.js';
import { count, cpu, megabytes, millis, seconds } from '../report/format.js';
import type { ReportTable } from '../report/report-table.js';
import type { TableSet } from '../warehouse/table-sets.js';
import type { BenchWarehouse } from '../warehouse/warehouse.js';

/** The config default, named so the report says what memory would be bounded by. */
const QUEUE_SIZE = 100;

export interface TinyResult {
  readonly report: ReportTable;
  readonly jsonRun: ProfileRun;
  /** Peak RSS of the full set, as users run it (summary table) and with `--json`. */
  readonly peakRssMb: { readonly text: number; readonly json: number };
  /** (baselinr wall - psql wall) / tables, full set, same parallelism: summary table and --json. */
  readonly overheadMsPerTable: { readonly text: number; readonly json: number };
}

const outputLabel = (output: 'json' | 'text') => (output === 'json' ? '--json' : 'summary table');

interface Measured {
  readonly tables: number;
  readonly output: 'json' | 'text';
  readonly run: ProfileRun;
}

/**
 * Thousands of tiny tables straight to PostgreSQL (no proxy: the warehouse's work is almost
 * nothing, so what is left is the client's). Each output mode runs at two table counts with
 * the same queue_size: memory bounded by the queue would not grow between them. The psql floor
 * on the same statements gives the time the client adds per table.
 */
export async function tinyRun(ctx: BenchContext, warehouse: BenchWarehouse, set: TableSet, target: { readonly database: string; readonly user: string }): Promise<TinyResult> {
  const workers = Math.max(...ctx.options.workers);
  const { source, schema } = warehouse.source(set);
  // Names are zero-padded: `tiny_0*` selects the first 10^(digits-1) tables (1,000 of 5,000).
  const digits = set.tables[0]!.name.length - 'tiny_'.length;
  const subset = Math.min(set.tables.length, 10 ** (digits - 1));
  const selections: Array<{ tables: number; entry: Record<string, string | boolean> }> = [
    ...(digits > 1 && subset < set.tables.length ? [{ tables: subset, entry: { schema, pattern: 'tiny_0*' } }] : []),
    { tables: set.tables.length, entry: { schema, select_schema: true } },
  ];
  const measured: Measured[] = [];
  for (const output of ['json', 'text'] as const) {
    for (const { tables, entry } of selections) {
      const run = await ctx.profile(`tiny, ${tables} tables, ${output}`, { source, tables: [entry], workers, queueSize: QUEUE_SIZE, output });
      measured.push({ tables, output, run });
    }
  }
  const full = (output: 'json' | 'text') => measured.find((m) => m.output === output && m.tables === set.tables.length)!.run;
  const jsonRun = full('json');

  const statements = await plannedStatements(source, schema, jsonRun);
  const rows = new Map(jsonRun.tables.map((t) => [t.table, t.rowCount ?? 0]));
  const server = warehouse.server!;
  const floor = await ctx.repeated(`tiny floor, ${jsonRun.effectiveWorkers} psql processes`, () =>
    runPsqlFloor({ via: server, ...target, statements, rows, processes: jsonRun.effectiveWorkers }),
  );
  const overhead = (run: ProfileRun) => (run.wallMs - floor.wallMs) / set.tables.length;

  const growth = (output: 'json' | 'text') => {
    const [small, large] = measured.filter((m) => m.output === output);
    return small && large ? ((large.run.peakRssMb - small.run.peakRssMb) * 1024) / (large.tables - small.tables) : undefined;
  };
  const growthNotes = (['text', 'json'] as const).flatMap((output) => {
    const kb = growth(output);
    return kb === undefined ? [] : [`${outputLabel(output)}: peak RSS grows ${kb.toFixed(1)} KB per extra table`];
  });
  return {
    jsonRun,
    peakRssMb: { text: full('text').peakRssMb, json: jsonRun.peakRssMb },
    overheadMsPerTable: { text: overhead(full('text')), json: overhead(jsonRun) },
    report: {
      title: `Many tiny tables: ${set.tables[0]?.rows ?? 0} rows x ${set.tables[0]?.columns.length ?? 0} columns each, PostgreSQL without proxy, ${workers} workers, queue_size ${QUEUE_SIZE}`,
      headers: ['tables', 'output', 'wall', 'engine', 'CLI CPU', 'CLI peak RSS', 'CPU / table', 'wall over psql / table'],
      rows: [
        ...measured.map(({ tables, output, run }) => [
          count(tables),
          outputLabel(output),
          seconds(run.wallMs),
          seconds(run.engineMs),
          cpu(run.cpuSeconds),
          megabytes(run.peakRssMb),
          millis((run.cpuSeconds * 1000) / tables),
          tables === set.tables.length ? millis(overhead(run)) : '-',
        ]),
        [count(set.tables.length), `psql floor, ${jsonRun.effectiveWorkers} processes`, seconds(floor.wallMs), '-', '-', '-', '-', '-'],
      ],
      notes: [
        'wall over psql / table = (baselinr wall - psql wall) / tables: what the client adds per table (start-up, discovery, catalog batches, planning, scheduling, the results store, output) over psql running the same statements at the same parallelism.',
        `${growthNotes.join('; ')}. The queue holds at most queue_size tables; what grows is the run's result, which keeps every table's outcome (metrics and statement text) for the summary and --json.`,
      ],
    },
  };
}

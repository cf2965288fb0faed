import { type Command, Option } from 'commander';
import { wholeNumberOption } from './history-window.js';
import type { Io } from './io.js';

const MAX_LIMIT = 1000;

const limitOption = (what = 'runs', fallback = 20) => wholeNumberOption('--limit <n>', `at most this many ${what} (1-${MAX_LIMIT}, default ${fallback})`, 1, MAX_LIMIT);
const offsetOption = () => wholeNumberOption('--offset <n>', 'skip this many first (paging, with --limit)', 0, Number.MAX_SAFE_INTEGER);
const daysOption = (fallback?: number) => wholeNumberOption('--days <n>', `only the last N days${fallback === undefined ? '' : ` (default ${fallback})`}`, 1, 36_500);
const formatOption = (...formats: string[]) => new Option('--format <format>', "output format (Baselinr's flag; json is --json)").choices(formats).default('table');
/** `--format json` is Baselinr's spelling of `--json`. */
const asJson = <T extends { json?: boolean; format?: string }>(opts: T): T => ({ ...opts, json: opts.json || opts.format === 'json' });

const configOption = () => new Option('-c, --config <file>', 'path to config.yml (the results store comes from `storage`)').makeOptionMandatory();
const jsonOption = () => new Option('--json', 'print JSON on stdout');
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Registers `drift` and `query runs | run | table` (the commands that read run history) on the
 * program; `setExitCode` receives each command's exit code.
 */
export function addHistoryCommands(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('drift')
    .description("compare each dataset's latest successful run with its baseline and report drift and schema changes")
    .addOption(configOption())
    .option('-d, --dataset <name>', 'only this dataset (`name` or `schema.name`); repeat for more', collect)
    .option('-s, --schema <name>', 'the schema of the --dataset names that do not give one')
    .option('-b, --baseline <run-id>', "compare against this run (default: each dataset's previous successful run)")
    .option('--current <run-id>', "compare this run (default: each dataset's latest successful run)")
    .addOption(jsonOption())
    .addOption(new Option('--fail-on <severity>', 'exit 1 when drift at or above this severity is found').choices(['low', 'medium', 'high']))
    .option('--fail-on-drift', "Baselinr's flag: exit 1 when high-severity drift is found (--fail-on high)")
    .action(async (opts) => setExitCode(await (await import('./commands/drift.js')).driftCommand(opts, io)));

  const query = program.command('query').description('read run history from the results store');
  query
    .command('runs')
    .description('the latest table runs, newest first')
    .addOption(configOption())
    .option('-d, --dataset <name>', 'only runs of this dataset (`name` or `schema.name`)')
    .option('--schema <name>', 'only runs of tables in this schema')
    .option('--table <name>', 'only runs of tables of this name, in any schema')
    .addOption(
      new Option('--status <status>', "only runs with this status (`completed` is Baselinr's name of succeeded)").choices(['succeeded', 'completed', 'failed', 'cancelled']),
    )
    .option('--environment <name>', 'only runs of this environment')
    .addOption(daysOption())
    .addOption(limitOption())
    .addOption(offsetOption())
    .addOption(formatOption('table', 'json', 'csv'))
    .addOption(jsonOption())
    .action(async (opts) => setExitCode(await (await import('./commands/query.js')).queryRunsCommand(asJson(opts), io)));
  query
    .command('run')
    .description('one run: its tables, their metrics, errors and drift events')
    .argument('[run-id]', 'the run (or --run-id)')
    .addOption(configOption())
    .option('--run-id <run-id>', "the run (Baselinr's flag)")
    .option('-d, --dataset <name>', 'only this dataset of the run')
    .option('--table <name>', "only this dataset of the run (Baselinr's flag)")
    .addOption(formatOption('table', 'json'))
    .addOption(jsonOption())
    .action(async (runId: string | undefined, opts, command: Command) => {
      const id = runId ?? opts.runId;
      if (id === undefined) command.error('error: give the run id, as an argument or with --run-id');
      setExitCode(await (await import('./commands/query.js')).queryRunCommand(id, asJson({ ...opts, dataset: opts.dataset ?? opts.table }), io));
    });
  query
    .command('table')
    .description("a dataset's metrics across its successful runs, with a sparkline of each")
    .argument('[name]', '`name` or `schema.name` (or --table)')
    .addOption(configOption())
    .option('--table <name>', "the dataset (Baselinr's flag)")
    .option('--schema <name>', 'its schema, when the name does not give one')
    .option('--column <column>', 'only this column')
    .option('--metric <metric>', 'only this metric (for example mean, null_ratio)')
    .addOption(limitOption())
    .addOption(formatOption('table', 'json'))
    .addOption(jsonOption())
    .action(async (name: string | undefined, opts, command: Command) => {
      const table = name ?? opts.table;
      if (table === undefined) command.error('error: give the dataset, as an argument or with --table');
      setExitCode(await (await import('./commands/query-table.js')).queryTableCommand(opts.schema && !table.includes('.') ? `${opts.schema}.${table}` : table, asJson(opts), io));
    });
  query
    .command('drift')
    .description('stored drift and schema-change events, newest first')
    .addOption(configOption())
    .option('--table <name>', 'only events of tables of this name')
    .addOption(new Option('--severity <severity>', 'only events of this severity').choices(['low', 'medium', 'high']))
    .addOption(daysOption())
    .addOption(limitOption('events', 100).default(100))
    .addOption(offsetOption())
    .addOption(formatOption('table', 'json', 'csv'))
    .action(async (opts) => setExitCode(await (await import('./commands/query-drift.js')).queryDriftCommand(opts, io)));

  program
    .command('status')
    .description("recent runs and a drift summary (Baselinr's `status`)")
    .addOption(configOption())
    .option('--drift-only', 'only the drift summary')
    .addOption(limitOption('runs', 20).default(20))
    .addOption(daysOption(7).default(7))
    .addOption(jsonOption())
    .action(async (opts) => setExitCode(await (await import('./commands/status.js')).statusCommand(opts, io)));
}

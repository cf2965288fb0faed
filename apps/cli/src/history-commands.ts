import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Io } from './io.js';

const MAX_LIMIT = 1000;

function limitOption(): Option {
  return new Option('--limit <n>', `at most this many runs (1-${MAX_LIMIT}, default 20)`).argParser((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value)}`);
    return n;
  });
}

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
    .option('--baseline <run-id>', "compare against this run (default: each dataset's previous successful run)")
    .option('--current <run-id>', "compare this run (default: each dataset's latest successful run)")
    .addOption(jsonOption())
    .addOption(new Option('--fail-on <severity>', 'exit 1 when drift at or above this severity is found').choices(['low', 'medium', 'high']))
    .action(async (opts) => setExitCode(await (await import('./commands/drift.js')).driftCommand(opts, io)));

  const query = program.command('query').description('read run history from the results store');
  query
    .command('runs')
    .description('the latest table runs, newest first')
    .addOption(configOption())
    .option('-d, --dataset <name>', 'only runs of this dataset (`name` or `schema.name`)')
    .addOption(new Option('--status <status>', 'only runs with this status').choices(['succeeded', 'failed', 'cancelled']))
    .addOption(limitOption())
    .addOption(jsonOption())
    .action(async (opts) => setExitCode(await (await import('./commands/query.js')).queryRunsCommand(opts, io)));
  query
    .command('run')
    .description("one run: its tables, their metrics, errors and drift events")
    .argument('<run-id>')
    .addOption(configOption())
    .option('-d, --dataset <name>', 'only this dataset of the run')
    .addOption(jsonOption())
    .action(async (runId: string, opts) => setExitCode(await (await import('./commands/query.js')).queryRunCommand(runId, opts, io)));
  query
    .command('table')
    .description("a dataset's metrics across its successful runs, with a sparkline of each")
    .argument('<name>', '`name` or `schema.name`')
    .addOption(configOption())
    .option('--column <column>', 'only this column')
    .option('--metric <metric>', 'only this metric (for example mean, null_ratio)')
    .addOption(limitOption())
    .addOption(jsonOption())
    .action(async (name: string, opts) => setExitCode(await (await import('./commands/query-table.js')).queryTableCommand(name, opts, io)));
}

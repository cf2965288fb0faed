import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { ProfileOptions } from './commands/profile.js';
import { DEFAULT_REPORT_FILE } from './report/default-file.js';
import { addHistoryCommands } from './history-commands.js';
import { printable, printableLines } from './format.js';
import { processIo, type Io } from './io.js';
import { LOG_LEVELS, Logger, type LogFormat, type LogLevel } from './logger.js';
import { workersOption } from './workers-option.js';

// Each command imports its own modules when it runs: `--version`, `--help` and `validate-config`
// never load the engine, the adapters or queue mode's pg-boss.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

const logFormatOption = () => new Option('--log-format <format>', 'log lines on stderr as readable text or one JSON object per line').choices(['pretty', 'json']).default('pretty');
const logLevelOption = () => new Option('--log-level <level>', 'least severe log level shown').choices([...LOG_LEVELS]).default('info');

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export async function runCli(argv: readonly string[], rawIo: Io = processIo, signal?: AbortSignal): Promise<number> {
  const io = terminalSafe(rawIo);
  let exitCode = 0;
  // Replaced once a command knows its log flags; errors go through it, redacted.
  let logger = new Logger(io.err);
  // Set once a command's options are parsed: a command run with --json prints its failure as JSON too.
  let json = false;
  const program = new Command('baselinr')
    .description('Profile SQL warehouse tables fast and safely, store every profile, and compare runs.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)')
    .hook('preAction', (_program, command) => {
      const { json: document, jsonLines } = command.opts<{ json?: boolean; jsonLines?: boolean }>();
      json = document === true || jsonLines === true;
    });

  program
    .command('profile')
    .description('profile the tables the config selects and store the results')
    .requiredOption('-c, --config <file>', 'path to config.yml')
    .addOption(workersOption())
    .option('-t, --table <name>', 'only this table (`name` or `schema.name`); repeat for more', collect)
    .option('--json', 'print a machine-readable result (per-table statements, timings and metrics) on stdout, written as tables finish')
    .option('--json-lines', 'like --json, one JSON object per line: each table as it finishes, then the run')
    .option('-o, --output <file>', 'also write the --json document to this file')
    .option('--dry-run', 'profile without writing to the results store (the results go to a throwaway store)')
    .option('-q, --quiet', 'no progress output: only failures, retries and the summary')
    .option('--detect-drift', 'after the run, compare each profiled table with its previous successful run; report and store the drift')
    .option('--report <file>', "after the run, write the run's HTML report (profiles, drift, worker timeline) to this file")
    .option('--enqueue', 'queue mode: record the run and enqueue one job per table for `baselinr worker` processes instead of profiling here')
    .option('--full', 'with incremental.enabled: profile every table, changed or not (and record their change tokens)')
    .addOption(logFormatOption())
    .addOption(logLevelOption())
    .action(async (opts: { logFormat: LogFormat; logLevel: LogLevel } & Omit<ProfileOptions, 'signal'>) => {
      logger = new Logger(io.err, opts.logFormat, opts.logLevel);
      const { profileCommand } = await import('./commands/profile.js');
      exitCode = await profileCommand({ ...opts, signal }, io, logger);
    });

  program
    .command('plan')
    .description('show what profile would do: tables in run order, effective workers and every clamp, pool size')
    .requiredOption('-c, --config <file>', 'path to config.yml')
    .addOption(workersOption())
    .option('-t, --table <name>', 'only this table (`name` or `schema.name`); repeat for more', collect)
    .option('--json', 'print the plan as JSON')
    .addOption(new Option('-o, --output <format>', "Baselinr's flag: `json` is --json").choices(['text', 'json']).default('text'))
    .action(async (opts) => {
      const { planCommand } = await import('./commands/plan.js');
      exitCode = await planCommand({ ...opts, json: opts.json || opts.output === 'json' }, io);
    });

  program
    .command('validate-config')
    .description('check a config file without connecting to anything; lists the Baselinr settings this version ignores')
    .requiredOption('-c, --config <file>', 'path to config.yml')
    .option('--strict', 'refuse Baselinr settings this version does not support instead of warning about them')
    .action(async (opts) => {
      const { validateConfigCommand } = await import('./commands/validate-config.js');
      exitCode = await validateConfigCommand(opts, io);
    });

  program
    .command('report')
    .description('write one run from the results store as a static HTML report: profiles, histograms, trends, drift, worker timeline')
    .requiredOption('-c, --config <file>', 'path to config.yml (the results store comes from `storage`)')
    .option('--run <run-id>', 'the run to report (default: the latest run)')
    .option('-o, --out <file>', 'where to write the HTML file', DEFAULT_REPORT_FILE)
    .action(async (opts) => {
      const { reportCommand } = await import('./commands/report.js');
      exitCode = await reportCommand(opts, io);
    });

  program
    .command('worker')
    .description('queue mode: take the table jobs `profile --enqueue` queued, within the shared limits, until interrupted')
    .requiredOption('-c, --config <file>', 'path to config.yml (the queue is in the results database)')
    .addOption(workersOption())
    .addOption(logFormatOption())
    .addOption(logLevelOption())
    .action(async (opts: { config: string; workers?: number; logFormat: LogFormat; logLevel: LogLevel }) => {
      logger = new Logger(io.err, opts.logFormat, opts.logLevel);
      const { workerCommand } = await import('./commands/worker.js');
      exitCode = await workerCommand({ ...opts, signal }, logger);
    });

  program
    .command('queue')
    .description('queue mode: follow enqueued runs')
    .command('status')
    .description("an enqueued run's progress across workers: each table's state, attempts and worker, and whether the run completed")
    .argument('<run-id>')
    .requiredOption('-c, --config <file>', 'path to config.yml (the queue is in the results database)')
    .option('--json', 'print JSON on stdout')
    .action(async (runId: string, opts: { config: string; json?: boolean }) => {
      const { queueStatusCommand } = await import('./queue/status-command.js');
      exitCode = await queueStatusCommand(runId, opts, io);
    });

  program
    .command('store')
    .description('look after the results store')
    .command('flush')
    .description('write the profiles runs kept in the spool (.baselinr/spool beside the config) because the results store stayed locked or unreachable')
    .requiredOption('-c, --config <file>', 'path to config.yml (the results store comes from `storage`)')
    .option('--json', 'print what was flushed as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const { storeFlushCommand } = await import('./commands/store-flush.js');
      exitCode = await storeFlushCommand(opts, io);
    });

  addHistoryCommands(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return await reportError(err, io, logger, json);
  }
}

/**
 * Names come from the warehouse: whatever reaches stdout or stderr has its control characters
 * escaped (`\u001b`, not an ANSI escape), so no name recolours a terminal. JSON stays valid.
 */
function terminalSafe(io: Io): Io {
  return {
    out: (text) => io.out(printableLines(text)),
    err: (text) => io.err(printableLines(text)),
    ...(io.live ? { live: (text: string) => io.live!(printable(text)) } : {}),
  };
}

async function reportError(err: unknown, io: Io, logger: Logger, json: boolean): Promise<number> {
  // --help and --version exit through here with code 0; anything else is a usage error (2).
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  // Loaded only on failure: describing one needs core's error classes.
  const { describeFailure, failureJson } = await import('./failure.js');
  const failure = describeFailure(err, logger.redactError);
  logger.error(failure.message, failure.problems ? { problems: failure.problems } : undefined);
  if (failure.hint) io.err(failure.hint);
  if (json) io.out(JSON.stringify(failureJson(failure), null, 2));
  return failure.exitCode;
}

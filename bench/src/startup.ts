import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage } from './environment.js';
import { median } from './stats.js';

/**
 * How long the CLI takes to start: `baselinr --version` and `validate-config` against `node -e 0`,
 * each spawned as its own process. The three alternate within every round, so a busy machine
 * slows them alike and the differences of the medians stay comparable.
 */
const USAGE = `usage: node bench/dist/startup.js [--runs N] [--bin PATH] [--config PATH]
  --runs N       rounds after one warm-up round (default 21)
  --bin PATH     the baselinr entry point (default: apps/cli/bin/baselinr.js)
  --config PATH  the config validate-config checks (default: examples/quickstart/config.yml)`;

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Subject {
  readonly label: string;
  readonly args: readonly string[];
  /** Most milliseconds the median may take beyond `node -e 0`'s median. */
  readonly targetMs?: number;
}

function timeMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return elapsed;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, bin: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs: a whole number of at least 1, got ${values.runs}`);
  const bin = resolve(values.bin ?? resolve(root, 'apps/cli/bin/baselinr.js'));
  const config = resolve(values.config ?? resolve(root, 'examples/quickstart/config.yml'));
  const subjects: Subject[] = [
    { label: '`node -e 0`', args: ['-e', '0'] },
    { label: '`baselinr --version`', args: [bin, '--version'], targetMs: 50 },
    { label: '`baselinr validate-config`', args: [bin, 'validate-config', '--config', config], targetMs: 120 },
  ];
  const samples = subjects.map(() => [] as number[]);
  for (let round = 0; round <= runs; round++) {
    subjects.forEach((s, i) => {
      const ms = timeMs(s.args);
      if (round > 0) samples[i]!.push(ms);
    });
  }
  const medians = samples.map(median);
  const baseline = medians[0]!;
  console.log(`Node ${process.version}, ${runs} rounds, load average ${loadAverage()}\n`);
  console.log('| command | median ms | beyond `node -e 0` | target | |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  subjects.forEach((s, i) => {
    const beyond = medians[i]! - baseline;
    const verdict = s.targetMs === undefined ? '' : beyond <= s.targetMs ? 'met' : 'missed';
    console.log(`| ${s.label} | ${medians[i]!.toFixed(0)} | ${i === 0 ? '' : `+${beyond.toFixed(0)}`} | ${s.targetMs === undefined ? '' : `+${s.targetMs}`} | ${verdict} |`);
  });
}

main();

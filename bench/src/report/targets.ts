import { megabytes, millis, percent, ratio } from './format.js';
import type { ReportTable } from './report-table.js';

/** The figures the targets are judged on; a run that was not done leaves its figure out. */
export interface TargetInputs {
  /** Fraction of ideal speedup, tables one per round trip (judged), and with batching (shown). */
  readonly fractionOfIdeal?: { readonly workers: number; readonly engine: number; readonly wall: number; readonly batched: { readonly engine: number; readonly wall: number } };
  readonly orderedToBound?: number;
  readonly floorRatio?: { readonly workers: number; readonly value: number };
  /** As users run it (summary table) and with --json (the document of every table's metrics). */
  readonly tinyPeakRssMb?: { readonly tables: number; readonly text: number; readonly json: number };
  /** (baselinr wall - psql wall) / tables, summary table and --json. */
  readonly tinyOverheadMs?: { readonly text: number; readonly json: number };
  /** Tiny tables through the proxy: wall time without batching / with it, and statements per table with it. */
  readonly batching?: { readonly speedup: number; readonly statementsPerTable: number };
  /** Tables of about a second of server work: fraction of ideal speedup at the most workers. */
  readonly headline?: { readonly workers: number; readonly engine: number; readonly wall: number };
  /** A second incremental run over unchanged tables: its time over the first's, its statements; then one changed table. */
  readonly incremental?: { readonly engineFraction: number; readonly wallFraction: number; readonly unchangedStatements: number; readonly changedProfiled: boolean };
}

interface Check {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** How far from the target, in the target's own terms. */
  readonly margin: string;
}

/** The tiny run measures both outputs: the summary table users see by default, and --json. */
function byOutput(figures: { readonly text: number; readonly json: number }): Array<readonly [string, number]> {
  return [
    ['summary table', figures.text],
    ['--json', figures.json],
  ];
}

export function targetChecks(inputs: TargetInputs): Check[] {
  const checks: Check[] = [];
  const { fractionOfIdeal, orderedToBound, floorRatio, tinyPeakRssMb, tinyOverheadMs, batching, headline, incremental } = inputs;
  if (fractionOfIdeal) {
    const { engine, wall, batched } = fractionOfIdeal;
    checks.push({
      target: `${fractionOfIdeal.workers} workers on equal small tables, each its own round trips (batch_size 1), reach >= 85% of ideal speedup on engine time and >= 75% on wall time`,
      measured: `${percent(engine)} engine, ${percent(wall)} wall (batched, not judged: ${percent(batched.engine)} engine, ${percent(batched.wall)} wall)`,
      met: engine >= 0.85 && wall >= 0.75,
      margin: `${((engine - 0.85) * 100).toFixed(0)} / ${((wall - 0.75) * 100).toFixed(0)} points`,
    });
  }
  if (batching) {
    const { speedup, statementsPerTable } = batching;
    checks.push({ target: 'batching tiny tables through the proxy: >= 4x faster (wall)', measured: ratio(speedup), met: speedup >= 4, margin: ratio(speedup - 4) });
    checks.push({
      target: 'batching: at most 0.3 statements per tiny table',
      measured: statementsPerTable.toFixed(2),
      met: statementsPerTable <= 0.3,
      margin: (0.3 - statementsPerTable).toFixed(2),
    });
  }
  if (incremental) {
    const { engineFraction, wallFraction, unchangedStatements, changedProfiled } = incremental;
    checks.push({
      target: 'incremental: a second run over unchanged tables sends no profiling statement and takes <= 5% of the first run (engine time)',
      measured: `${unchangedStatements} statements, ${percent(engineFraction)} engine (${percent(wallFraction)} wall)`,
      met: unchangedStatements === 0 && engineFraction <= 0.05,
      margin: `${((0.05 - engineFraction) * 100).toFixed(1)} points`,
    });
    checks.push({ target: 'incremental: a table changed in between is profiled, alone', measured: changedProfiled ? 'yes' : 'no', met: changedProfiled, margin: '-' });
  }
  if (headline) {
    const { engine, wall } = headline;
    checks.push({
      target: `the seed headline (tables of about 1 s each), ${headline.workers} workers: >= 95% of ideal speedup (engine time)`,
      measured: `${percent(engine)} engine, ${percent(wall)} wall`,
      met: engine >= 0.95,
      margin: `${((engine - 0.95) * 100).toFixed(0)} points`,
    });
  }
  if (orderedToBound !== undefined) {
    checks.push({
      target: 'ordering brings the skewed makespan within 10% of its lower bound',
      measured: ratio(orderedToBound),
      met: orderedToBound <= 1.1,
      margin: `${((1.1 - orderedToBound) * 100).toFixed(0)} points`,
    });
  }
  if (floorRatio) {
    const v = floorRatio.value;
    checks.push({
      target: `baselinr wall time within 1.15x of the psql floor (${floorRatio.workers} workers)`,
      measured: ratio(v),
      met: v <= 1.15,
      margin: `${((1.15 - v) * 100).toFixed(0)} points`,
    });
  }
  if (tinyPeakRssMb) {
    const tables = tinyPeakRssMb.tables.toLocaleString('en-US');
    for (const [label, v] of byOutput(tinyPeakRssMb)) {
      checks.push({ target: `peak RSS for ${tables} tables under 300 MB (${label})`, measured: megabytes(v), met: v < 300, margin: megabytes(300 - v) });
    }
  }
  if (tinyOverheadMs) {
    for (const [label, v] of byOutput(tinyOverheadMs)) {
      checks.push({ target: `per-table overhead over psql under 2 ms (tiny tables, ${label})`, measured: millis(v), met: v < 2, margin: millis(2 - v) });
    }
  }
  return checks;
}

export function targetsReport(inputs: TargetInputs): ReportTable {
  return {
    title: 'Targets',
    headers: ['target', 'measured', 'met', 'margin'],
    rows: targetChecks(inputs).map((c) => [c.target, c.measured, c.met ? 'yes' : 'no', c.margin]),
    notes: ['A negative margin is how far the target was missed. Benchmarks are not tests: nothing fails on these.'],
  };
}

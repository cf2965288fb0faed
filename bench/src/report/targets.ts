import { megabytes, millis, percent, ratio } from './format.js';
import type { ReportTable } from './report-table.js';

/** The figures the targets are judged on; a run that was not done leaves its figure out. */
export interface TargetInputs {
  /** Fraction of ideal speedup on engine time (judged) and wall time (shown). */
  readonly fractionOfIdeal?: { readonly workers: number; readonly engine: number; readonly wall: number };
  readonly orderedToBound?: number;
  readonly floorRatio?: { readonly workers: number; readonly value: number };
  /** As users run it (summary table) and with --json (the document of every table's metrics). */
  readonly tinyPeakRssMb?: { readonly tables: number; readonly text: number; readonly json: number };
  /** (baselinr wall - psql wall) / tables, summary table and --json. */
  readonly tinyOverheadMs?: { readonly text: number; readonly json: number };
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
  const { fractionOfIdeal, orderedToBound, floorRatio, tinyPeakRssMb, tinyOverheadMs } = inputs;
  if (fractionOfIdeal) {
    const v = fractionOfIdeal.engine;
    checks.push({
      target: `${fractionOfIdeal.workers} workers on equal tables reach >= 90% of ideal speedup (engine time)`,
      measured: `${percent(v)} (wall: ${percent(fractionOfIdeal.wall)})`,
      met: v >= 0.9,
      margin: `${((v - 0.9) * 100).toFixed(0)} points`,
    });
  }
  if (orderedToBound !== undefined) {
    checks.push({ target: 'ordering brings the skewed makespan within 10% of its lower bound', measured: ratio(orderedToBound), met: orderedToBound <= 1.1, margin: `${((1.1 - orderedToBound) * 100).toFixed(0)} points` });
  }
  if (floorRatio) {
    const v = floorRatio.value;
    checks.push({ target: `baselinr wall time within 1.15x of the psql floor (${floorRatio.workers} workers)`, measured: ratio(v), met: v <= 1.15, margin: `${((1.15 - v) * 100).toFixed(0)} points` });
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

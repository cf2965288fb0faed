import { detectDrift, driftAtLeast, ExitCode, type DriftSeverity } from '@baselinr/core';
import { driftJson, renderDriftReport } from '../drift-report.js';
import type { Io } from '../io.js';
import { withResultsStore } from '../store-session.js';

/** `--fail-on` found drift at or above its severity: the same code as failed tables, "look at this run". */
export const DRIFT_FOUND_EXIT_CODE = 1;

export interface DriftOptions {
  config: string;
  dataset?: string[];
  baseline?: string;
  current?: string;
  /** Baselinr's `-s`: the schema of the dataset names that do not give one. */
  schema?: string;
  json?: boolean;
  failOn?: DriftSeverity;
  /** Baselinr's flag: fail on high-severity ("critical") drift. */
  failOnDrift?: boolean;
}

export async function driftCommand(given: DriftOptions, io: Io): Promise<number> {
  const qualify = (name: string) => (given.schema && !name.includes('.') ? `${given.schema}.${name}` : name);
  if (given.schema && !given.dataset?.length) {
    io.err('error: --schema qualifies --dataset names: give -d/--dataset too');
    return ExitCode.usage;
  }
  const options = { ...given, dataset: given.dataset?.map(qualify), failOn: given.failOn ?? (given.failOnDrift ? ('high' as const) : undefined) };
  // Write access: drift stores its events, in a table an older store gets on the way.
  return withResultsStore(options.config, io, 'write', async (store, config) => {
    const report = await detectDrift(store, config.drift_detection, {
      datasets: options.dataset,
      baselineRunId: options.baseline,
      currentRunId: options.current,
    });
    io.out(options.json ? JSON.stringify(driftJson(report, options.failOn), null, 2) : renderDriftReport(report));
    if (options.failOn && driftAtLeast(report.events, options.failOn)) {
      io.err(`drift at or above ${options.failOn} found (--fail-on ${options.failOn}): exit ${DRIFT_FOUND_EXIT_CODE}`);
      return DRIFT_FOUND_EXIT_CODE;
    }
    return 0;
  });
}

import { errorMessage, type BaselinrConfig } from '@baselinr/core';
import type { Logger } from '../logger.js';
import { writeReport, writtenLine } from './write-report.js';

/**
 * `profile --report FILE`: the run's report, once its tables (and drift, with --detect-drift) are
 * stored. Says where it went on stderr, so `--json` stdout stays one document. False when it
 * could not be written: the caller exits 1, since the file asked for is missing.
 */
export async function reportAfterRun(config: BaselinrConfig, runId: string, out: string, logger: Pick<Logger, 'info' | 'error'>): Promise<boolean> {
  try {
    logger.info(writtenLine(await writeReport(config, out, { runId })));
    return true;
  } catch (err) {
    logger.error(`could not write the report to ${out}: ${errorMessage(err)}`);
    return false;
  }
}

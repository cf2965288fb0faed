import type { Io } from '../io.js';
import { DEFAULT_REPORT_FILE } from '../report/default-file.js';
import { writeReportFrom, writtenLine } from '../report/write-report.js';
import { withResultsStore } from '../store-session.js';

export interface ReportOptions {
  config: string;
  run?: string;
  out?: string;
}

/**
 * `baselinr report`: one run from the results store as a static HTML file. Reads only; an unknown
 * run id or an empty store is bad usage (exit 2), as for `query run`.
 */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store, config) => {
    io.out(writtenLine(await writeReportFrom(store, config, options.out ?? DEFAULT_REPORT_FILE, { runId: options.run })));
    return 0;
  });
}

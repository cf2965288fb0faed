import { listDriftEvents, type DriftSeverity } from '@baselinr/core';
import { eventDataset } from '../drift-report.js';
import { daysAgo } from '../history-window.js';
import type { Io } from '../io.js';
import { withResultsStore } from '../store-session.js';
import { renderRuns, runJson } from './query.js';

export interface StatusOptions {
  config: string;
  driftOnly?: boolean;
  limit: number;
  days: number;
  json?: boolean;
}

const SEVERITIES: readonly DriftSeverity[] = ['high', 'medium', 'low'];

/** Baselinr's `status`: the recent runs and a summary of the drift found in the same window. */
export async function statusCommand(options: StatusOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store) => {
    const since = daysAgo(options.days)!;
    const layout = await store.schemaVersion();
    const runs = layout === 0 || options.driftOnly ? [] : await store.listRuns({ since, limit: options.limit });
    // Both tools' events, each once; Baselinr's may have no severity, counted in the total only.
    const events = await listDriftEvents(store, { since });
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, events.filter((e) => e.severity === s).length]));
    const datasets = [...new Set(events.map(eventDataset))].sort();
    // Datasets with events of runs that covered different rows: their row-counting metrics were not compared.
    const acrossRowSelections = [...new Set(events.filter((e) => e.rowSelection).map(eventDataset))].sort();
    if (options.json) {
      const drift = { events: events.length, ...bySeverity, datasets, acrossRowSelections };
      io.out(JSON.stringify({ days: options.days, ...(options.driftOnly ? {} : { runs: runs.map(runJson) }), drift }, null, 2));
      return 0;
    }
    const window = `last ${options.days} day(s)`;
    const sections = options.driftOnly ? [] : [`Recent runs (${window}):`, runs.length === 0 ? '  none' : renderRuns(runs), ''];
    const drift =
      events.length === 0
        ? `Drift (${window}): none`
        : `Drift (${window}): ${events.length} event(s), ${SEVERITIES.map((s) => `${bySeverity[s]} ${s}`).join(', ')}, in ${datasets.join(', ')}` +
          (acrossRowSelections.length > 0 ? `; compared across different rows (metrics that count rows left out): ${acrossRowSelections.join(', ')}` : '');
    io.out([...sections, drift].join('\n'));
    return 0;
  });
}

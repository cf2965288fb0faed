import { EVENTS_LAYOUT_VERSION, tableKey, type DriftSeverity } from '@baselinr/core';
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
    const events = layout < EVENTS_LAYOUT_VERSION ? [] : await store.listEvents({ since });
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, events.filter((e) => e.severity === s).length]));
    const datasets = [...new Set(events.map(tableKey))].sort();
    if (options.json) {
      io.out(JSON.stringify({ days: options.days, ...(options.driftOnly ? {} : { runs: runs.map(runJson) }), drift: { events: events.length, ...bySeverity, datasets } }, null, 2));
      return 0;
    }
    const window = `last ${options.days} day(s)`;
    const sections = options.driftOnly ? [] : [`Recent runs (${window}):`, runs.length === 0 ? '  none' : renderRuns(runs), ''];
    const drift =
      events.length === 0
        ? `Drift (${window}): none`
        : `Drift (${window}): ${events.length} event(s), ${SEVERITIES.map((s) => `${bySeverity[s]} ${s}`).join(', ')}, in ${datasets.join(', ')}`;
    io.out([...sections, drift].join('\n'));
    return 0;
  });
}

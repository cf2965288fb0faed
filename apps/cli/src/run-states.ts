import { RUN_DETAILS_LAYOUT_VERSION, runState, type ResultsStore, type RunStateVerdict, type RunSummaryRecord } from '@baselinr/core';

export interface RunStateOfRun extends RunStateVerdict {
  readonly summary: RunSummaryRecord;
}

/**
 * How each of these runs stands, by its summary and heartbeat: a run that recorded no end is
 * `running` while its process lives and `interrupted` once it is gone. Runs without a summary
 * (written before run details, or by Baselinr) are absent.
 */
export async function runStates(store: ResultsStore, runIds: readonly string[], layout: number): Promise<Map<string, RunStateOfRun>> {
  const states = new Map<string, RunStateOfRun>();
  if (layout < RUN_DETAILS_LAYOUT_VERSION || !store.listRunSummaries) return states;
  const ids = [...new Set(runIds)];
  const summaries = (await Promise.all(ids.map((runId) => store.listRunSummaries!({ runId })))).flat();
  const running = summaries.filter((s) => s.status === 'running').map((s) => s.runId);
  const heartbeats = new Map(((await store.listRunHeartbeats?.(running)) ?? []).map((h) => [h.runId, h]));
  for (const summary of summaries) states.set(summary.runId, { summary, ...runState(summary, heartbeats.get(summary.runId)) });
  return states;
}

/** `interrupted (no end recorded and its process 123 on host is gone)`: a run's state in words. */
export function describeRunState(state: RunStateVerdict): string {
  return state.reason ? `${state.state} (${state.reason})` : state.state;
}

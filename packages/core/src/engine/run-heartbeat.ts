import type { ResultsStore } from '../store/contract.js';
import { HEARTBEAT_INTERVAL_MS, localProcesses } from '../store/run-liveness.js';

/**
 * Renews the run's heartbeat in the store now and every `intervalMs` until stopped, so readers can
 * tell this run from one that was killed. Resolves once the first beat is written (or failed), so a
 * run killed from then on is always recognised. A beat never fails the run (a busy store skips
 * beats), and never queues behind a beat still being written.
 */
export async function startHeartbeat(store: ResultsStore, runId: string, intervalMs = HEARTBEAT_INTERVAL_MS): Promise<{ stop(): Promise<void> }> {
  const save = store.saveRunHeartbeat?.bind(store);
  if (!save) return { stop: async () => undefined };
  let writing: Promise<void> | undefined;
  const beat = () => {
    writing ??= save({ runId, host: localProcesses.host, pid: process.pid, at: new Date() })
      .catch(() => undefined)
      .finally(() => {
        writing = undefined;
      });
  };
  beat();
  await writing;
  const timer = setInterval(beat, intervalMs);
  // A heartbeat never keeps the process alive on its own.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await writing;
    },
  };
}

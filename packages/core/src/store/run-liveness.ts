import { hostname } from 'node:os';
import type { RunHeartbeat, RunSummaryRecord, RunSummaryStatus } from './contract.js';

/** How often a running process renews its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/**
 * A heartbeat older than this (six missed beats) means the run is gone. Generous, so that a store
 * that is slow for a while, or a viewer whose clock is a little off, does not declare a live run dead.
 */
export const HEARTBEAT_STALE_MS = 60_000;

/** A run as people should read it: a run that says `running` but whose process is gone is `interrupted`. */
export type RunState = RunSummaryStatus | 'interrupted';

export interface RunStateVerdict {
  readonly state: RunState;
  /** Why a run without a recorded end is judged so. */
  readonly reason?: string;
}

/** The machine the viewer runs on, and whether a process of it is alive. */
export interface LocalProcesses {
  readonly host: string;
  isAlive(pid: number): boolean;
}

export const localProcesses: LocalProcesses = {
  host: hostname(),
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: the process exists but belongs to another user.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

/**
 * Whether a run that recorded no end is still going. On the host that ran it, its process decides
 * (gone: interrupted, even a second after `kill -9`); elsewhere the heartbeat's age does. A run with
 * no heartbeat (written by an older version, or to an older store layout) cannot be judged.
 */
export function runState(
  summary: Pick<RunSummaryRecord, 'status'>,
  heartbeat: RunHeartbeat | undefined,
  local: LocalProcesses = localProcesses,
  now: Date = new Date(),
): RunStateVerdict {
  if (summary.status !== 'running') return { state: summary.status };
  if (!heartbeat) return { state: 'running', reason: 'no end recorded and no heartbeat to tell whether it is still going' };
  const process = `process ${heartbeat.pid} on ${heartbeat.host}`;
  if (heartbeat.host === local.host) {
    return local.isAlive(heartbeat.pid) ? { state: 'running' } : { state: 'interrupted', reason: `no end recorded and its ${process} is gone` };
  }
  const silentMs = now.getTime() - heartbeat.at.getTime();
  if (silentMs > HEARTBEAT_STALE_MS) {
    return { state: 'interrupted', reason: `no end recorded and no heartbeat from its ${process} since ${heartbeat.at.toISOString()}` };
  }
  return { state: 'running' };
}

import type { Connection } from 'snowflake-sdk';

/** Statuses of a statement that has not started executing: waiting for a slot, or for the warehouse to resume or be repaired. */
const WAITING = new Set(['QUEUED', 'QUEUED_REPARING_WAREHOUSE', 'RESUMING_WAREHOUSE']);

/** First status read after this long: most statements start at once and are never polled. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

export interface QueueObservation {
  /** At least this long the statement waited before it ran (0 when never seen waiting). */
  readonly queuedMs: number;
  /** The last status read said it was still waiting. */
  readonly stillQueued: boolean;
}

/**
 * Reads a submitted statement's status from Snowflake's monitoring endpoint
 * (GET /monitoring/queries/{id}) until it starts running, with a growing interval. The result
 * request cannot tell queued from running, and QUERY_HISTORY's queue times arrive minutes late.
 * A failed read stops the watch: it only informs, it never fails a statement.
 */
export class QueueWatch {
  private lastWaitingAt: number | undefined;
  private lastWasWaiting = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Pick<Connection, 'getQueryStatus'>,
    private readonly queryId: string,
    private readonly submittedAt: number,
  ) {
    this.schedule(FIRST_POLL_MS);
  }

  stop(): QueueObservation {
    this.stopped = true;
    clearTimeout(this.timer);
    return {
      queuedMs: this.lastWaitingAt === undefined ? 0 : Math.round(this.lastWaitingAt - this.submittedAt),
      stillQueued: this.lastWasWaiting,
    };
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.poll(delayMs), delayMs);
  }

  private async poll(delayMs: number): Promise<void> {
    let status: string;
    try {
      status = await this.connection.getQueryStatus(this.queryId);
    } catch {
      return;
    }
    if (this.stopped) return;
    this.lastWasWaiting = WAITING.has(status);
    if (!this.lastWasWaiting) return;
    this.lastWaitingAt = performance.now();
    this.schedule(Math.min(delayMs * 2, MAX_POLL_MS));
  }
}

import { BaselinrError } from '../errors.js';
import type { UnionMember } from '../plan/union-plan.js';
import type { StatementRecord } from './profile-table.js';

/** A statement a table submitted to a shared round trip, waiting for its row. */
export interface RoundRequest extends UnionMember {
  /** The table's index in the batch. */
  readonly member: number;
  readonly purpose: StatementRecord['purpose'];
  readonly signal: AbortSignal;
}

/** A shared round trip failed: each of its tables is profiled again on its own. */
export class SharedRoundError extends BaselinrError {
  constructor(readonly reason: unknown) {
    super('SHARED_ROUND_FAILED', `a statement shared by several small tables failed: ${String((reason as Error | undefined)?.message ?? reason)}`);
  }
}

/**
 * Gathers the statements of a batch of small tables profiled side by side into rounds: once every
 * table still profiling waits on a statement, the round runs as one statement (a union) and each
 * table gets its own row back. A table with several statements takes part in several rounds.
 */
export class SharedRoundTrips<T> {
  private active: number;
  private pending: Array<RoundRequest & { resolve: (result: T) => void; reject: (err: unknown) => void }> = [];

  constructor(
    members: number,
    /** Runs one round; returns each request's result, by position. */
    private readonly runRound: (requests: readonly RoundRequest[]) => Promise<T[]>,
  ) {
    this.active = members;
  }

  /** The result of one table's statement, once its round has run. */
  submit(request: RoundRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...request, resolve, reject });
      this.flushWhenReady();
    });
  }

  /** A table is done (profiled, or failed): rounds no longer wait for it. */
  leave(): void {
    this.active--;
    this.flushWhenReady();
  }

  private flushWhenReady(): void {
    if (this.pending.length === 0 || this.pending.length < this.active) return;
    const round = this.pending;
    this.pending = [];
    this.runRound(round).then(
      (results) => {
        for (const [i, r] of round.entries()) r.resolve(results[i]!);
      },
      (err: unknown) => {
        for (const r of round) r.reject(new SharedRoundError(err));
      },
    );
  }
}

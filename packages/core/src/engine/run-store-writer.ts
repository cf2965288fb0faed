import { isStoreUnwritable, retryWhileBusy, STORE_BUSY_RETRY, type BusyRetry } from '../store/busy-retry.js';
import type { ResultsStore, RunSummaryRecord, TableRunRecord } from '../store/contract.js';
import type { ResultsSpool } from '../store/spool.js';

/**
 * A run's writes to its results store. A busy store is waited out (`busy`); one that stays
 * unwritable past that has the record kept in the spool instead of losing it, and from then on the
 * run's later records go to the spool at once rather than each waiting out the same lock.
 */
export class RunStoreWriter {
  private unwritable = false;

  constructor(
    private readonly store: ResultsStore,
    private readonly spool?: ResultsSpool,
    private readonly busy: BusyRetry = STORE_BUSY_RETRY,
  ) {}

  /** Stores one table's record; returns the spool file when it was kept there instead. */
  saveTableRun(record: TableRunRecord): Promise<string | undefined> {
    return this.write(
      () => this.store.saveTableRun(record),
      (spool) => spool.keepTableRun(record),
    );
  }

  /**
   * Stores the run's summary (or spools it, as a table's record). A summary serves reports only, so
   * one that neither the store nor the spool takes never fails the run.
   */
  async saveRunSummary(summary: RunSummaryRecord): Promise<string | undefined> {
    const save = this.store.saveRunSummary?.bind(this.store);
    if (!save) return undefined;
    return this.write(
      () => save(summary),
      (spool) => spool.keepRunSummary(summary),
    ).catch(() => undefined);
  }

  private async write(save: () => Promise<void>, keep: (spool: ResultsSpool) => string): Promise<string | undefined> {
    if (this.unwritable && this.spool) return keep(this.spool);
    try {
      await retryWhileBusy(save, this.busy);
      return undefined;
    } catch (err) {
      if (!this.spool || !isStoreUnwritable(err)) throw err;
      this.unwritable = true;
      return keep(this.spool);
    }
  }
}

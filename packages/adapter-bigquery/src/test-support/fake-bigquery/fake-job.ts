import type { ErrorProto } from './bigquery-errors.js';
import type { Parameter } from './translate.js';

/** What a client asked for, through jobs.query or jobs.insert. */
export interface JobSpec {
  readonly jobId?: string;
  readonly query: string;
  readonly parameters: readonly Parameter[];
  readonly labels: Readonly<Record<string, string>>;
  readonly location?: string;
  readonly maximumBytesBilled?: string;
  /** Recorded, not enforced: the fake never times a job out. */
  readonly jobTimeoutMs?: string;
}

/** A finished job's rows in the REST format: every value as text. */
export interface ResultTable {
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: string; readonly mode: 'NULLABLE' }>;
  readonly rows: ReadonlyArray<{ readonly f: ReadonlyArray<{ readonly v: string | null }> }>;
}

/** One query job: its state as jobs.get reports it, and its rows once done. */
export class FakeJob {
  readonly creationTime = Date.now();
  state: 'PENDING' | 'RUNNING' | 'DONE' = 'PENDING';
  startTime?: number;
  endTime?: number;
  error?: ErrorProto;
  result?: ResultTable;
  bytesProcessed = 0;
  bytesBilled = 0;
  /** Items in the query's widest select list. */
  widestSelect = 0;
  /** The PostgreSQL backend running the statement, while it runs. */
  pid?: number;
  /** A pg_cancel_backend in flight for `pid`. */
  cancelling: Promise<void> | undefined;
  cancelRequested = false;
  readonly done: Promise<void>;
  private finish!: () => void;
  private readonly cancelled = new AbortController();

  constructor(
    readonly id: string,
    readonly location: string,
    readonly spec: JobSpec,
  ) {
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  /** Resolves when the job is done or after `ms`, whichever comes first. */
  async settled(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  get cancelSignal(): AbortSignal {
    return this.cancelled.signal;
  }

  requestCancel(): void {
    this.cancelRequested = true;
    this.cancelled.abort();
  }

  complete(error?: ErrorProto): void {
    if (error) this.error = error;
    this.state = 'DONE';
    this.endTime = Date.now();
    this.finish();
  }
}

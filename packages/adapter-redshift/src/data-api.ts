import { AdapterResolutionError } from '@baselinr/core';
import type { DescribeStatementCommandOutput, GetStatementResultCommandOutput, RedshiftDataClient, RedshiftDataClientConfig, SqlParameter } from '@aws-sdk/client-redshift-data';
import type { RedshiftOptions, StatementTarget } from './connection-options.js';

type Sdk = typeof import('@aws-sdk/client-redshift-data');

const SDK_PACKAGE = '@aws-sdk/client-redshift-data';

/** Attempts for calls about a statement that already runs (the SDK backs off between them). */
const POLL_ATTEMPTS = 5;

/** Loaded on first connect, so installing the adapter costs nothing until a run uses Redshift. */
async function loadSdk(): Promise<Sdk> {
  try {
    return await import('@aws-sdk/client-redshift-data');
  } catch (err) {
    throw new AdapterResolutionError(`${SDK_PACKAGE} could not be loaded; install it next to @baselinr/adapter-redshift: npm install ${SDK_PACKAGE}`, {
      cause: err,
    });
  }
}

/**
 * The four Data API calls a statement needs, over two SDK clients. Submissions are never retried
 * by the SDK: a refusal (too many active statements, throttling) reaches core at once, which
 * lowers the run's concurrency and retries. Calls about a statement already running (describe,
 * results, cancel) do retry throttling and 5xx, so a busy API does not orphan a running statement.
 */
export class DataApi {
  private constructor(
    private readonly sdk: Sdk,
    private readonly submitter: RedshiftDataClient,
    private readonly poller: RedshiftDataClient,
    private readonly target: StatementTarget,
  ) {}

  static async open(options: RedshiftOptions): Promise<DataApi> {
    const sdk = await loadSdk();
    const base: RedshiftDataClientConfig = {
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // A hung HTTP exchange fails (a timeout, which core retries) instead of stalling the table.
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
    };
    const submitter = new sdk.RedshiftDataClient({ ...base, maxAttempts: 1 });
    const poller = new sdk.RedshiftDataClient({ ...base, maxAttempts: POLL_ATTEMPTS });
    return new DataApi(sdk, submitter, poller, options.target);
  }

  /** ExecuteStatement: returns the statement id as soon as the service has queued it. */
  async submit(sql: string, parameters: readonly SqlParameter[], statementName: string): Promise<string> {
    const command = new this.sdk.ExecuteStatementCommand({
      ...this.target,
      Sql: sql,
      StatementName: statementName,
      // The service refuses an empty list.
      ...(parameters.length > 0 ? { Parameters: [...parameters] } : {}),
    });
    const { Id } = await this.submitter.send(command);
    if (!Id) throw new Error('ExecuteStatement answered without a statement id');
    return Id;
  }

  describe(id: string, signal?: AbortSignal): Promise<DescribeStatementCommandOutput> {
    return this.poller.send(new this.sdk.DescribeStatementCommand({ Id: id }), { abortSignal: signal });
  }

  resultPage(id: string, nextToken: string | undefined, signal?: AbortSignal): Promise<GetStatementResultCommandOutput> {
    return this.poller.send(new this.sdk.GetStatementResultCommand({ Id: id, ...(nextToken ? { NextToken: nextToken } : {}) }), { abortSignal: signal });
  }

  async cancel(id: string): Promise<void> {
    await this.poller.send(new this.sdk.CancelStatementCommand({ Id: id }));
  }

  close(): void {
    this.submitter.destroy();
    this.poller.destroy();
  }
}

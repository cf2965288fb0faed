import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import { AdapterResolutionError } from '@baselinr/core';
import type { BigQuerySettings } from './options.js';
import type { JobReference, JobResource, QueryRequest, QueryResults } from './rest-types.js';

/** A job the API created, named as its jobReference names it. */
export interface JobHandle {
  readonly jobId: string;
  readonly location?: string;
}

export interface ResultsPage {
  readonly pageToken?: string;
  /** How long the server may hold the request while the job runs (long poll). */
  readonly timeoutMs: number;
  readonly maxResults: number;
}

/** A dataset as datasets.list names it. */
export interface DatasetListing {
  readonly dataset: string;
  readonly location?: string;
}

/** The REST calls the adapter makes, each through the official SDK's authenticated transport. */
export interface BigQueryApi {
  /** jobs.query: starts a job and waits up to `timeoutMs` for its first page. */
  query(request: QueryRequest): Promise<QueryResults>;
  /** jobs.getQueryResults: long-polls a running job, or reads one page of a finished one. */
  getQueryResults(job: JobHandle, page: ResultsPage): Promise<QueryResults>;
  /** jobs.get: the job's statistics (queue and run times, bytes). */
  getJob(job: JobHandle): Promise<JobResource>;
  /** jobs.cancel: asks the server to stop the job. */
  cancelJob(job: JobHandle): Promise<void>;
  /** datasets.get (answered whatever the location): where the dataset lives, or undefined when it does not exist. */
  datasetLocation(dataset: string): Promise<string | undefined>;
  /**
   * datasets.list, every page: the project's datasets the caller may read, each with its location
   * (free, and dataset-level access is enough). Hidden datasets (named `_...`) are left out.
   */
  listDatasets(): Promise<DatasetListing[]>;
}

type Sdk = typeof import('@google-cloud/bigquery');
let sdk: Promise<Sdk> | undefined;

/** Loads @google-cloud/bigquery on first use, so installing the adapter costs nothing until a run needs it. */
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@google-cloud/bigquery').catch((err: unknown) => {
    sdk = undefined;
    throw new AdapterResolutionError(`the bigquery adapter needs @google-cloud/bigquery 8 (${(err as Error).message}); install it with: npm install @google-cloud/bigquery@8`);
  });
  return sdk;
}

export async function openBigQueryApi(settings: BigQuerySettings): Promise<BigQueryApi> {
  const { BigQuery } = await loadSdk();
  return new SdkBigQueryApi(new BigQuery(clientOptions(settings)));
}

function clientOptions(settings: BigQuerySettings): BigQueryOptions {
  const { credentials } = settings;
  return {
    projectId: settings.project,
    ...(settings.location ? { location: settings.location } : {}),
    ...(settings.apiEndpoint ? { apiEndpoint: settings.apiEndpoint } : {}),
    ...(credentials.kind === 'file' ? { keyFilename: credentials.path } : {}),
    ...(credentials.kind === 'inline' ? { credentials: credentials.key as BigQueryOptions['credentials'] } : {}),
    userAgent: 'baselinr',
    // Core retries whole statements and lowers the run's concurrency on throttling; retries
    // hidden inside the SDK would sleep through exactly the errors that should do that.
    retryOptions: { autoRetry: false },
  };
}

class SdkBigQueryApi implements BigQueryApi {
  constructor(private readonly client: BigQuery) {}

  query(request: QueryRequest): Promise<QueryResults> {
    return this.call({ method: 'POST', uri: '/queries', json: request });
  }

  getQueryResults(job: JobHandle, page: ResultsPage): Promise<QueryResults> {
    const qs: Record<string, string | number | boolean> = {
      timeoutMs: page.timeoutMs,
      maxResults: page.maxResults,
      'formatOptions.useInt64Timestamp': true,
    };
    if (job.location) qs.location = job.location;
    if (page.pageToken) qs.pageToken = page.pageToken;
    return this.call({ uri: `/queries/${encodeURIComponent(job.jobId)}`, qs });
  }

  async getJob(job: JobHandle): Promise<JobResource> {
    const [metadata] = await this.client.job(job.jobId, jobOptions(job)).getMetadata();
    return metadata as JobResource;
  }

  async cancelJob(job: JobHandle): Promise<void> {
    await this.client.job(job.jobId, jobOptions(job)).cancel();
  }

  async datasetLocation(dataset: string): Promise<string | undefined> {
    try {
      const [metadata] = await this.client.dataset(dataset).getMetadata();
      return typeof metadata.location === 'string' ? metadata.location : undefined;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return undefined;
      throw err;
    }
  }

  async listDatasets(): Promise<DatasetListing[]> {
    const [datasets] = await this.client.getDatasets({ autoPaginate: true });
    return datasets.map((d) => {
      const location: unknown = d.metadata?.location;
      return { dataset: d.id!, ...(typeof location === 'string' ? { location } : {}) };
    });
  }

  private call<T>(options: Parameters<BigQuery['request']>[0]): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client.request(options, (err, body) => (err ? reject(err) : resolve(body as T)));
    });
  }
}

function jobOptions(job: JobHandle): { location?: string } {
  return job.location ? { location: job.location } : {};
}

/** A jobReference from the API as a handle, or undefined when it names no job. */
export function jobHandle(reference: JobReference | undefined): JobHandle | undefined {
  if (!reference?.jobId) return undefined;
  return reference.location ? { jobId: reference.jobId, location: reference.location } : { jobId: reference.jobId };
}

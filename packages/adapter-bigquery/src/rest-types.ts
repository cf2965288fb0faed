/**
 * The subset of BigQuery's REST v2 JSON this adapter sends and reads (jobs.query,
 * jobs.getQueryResults, jobs.get), declared here rather than imported from the SDK's generated
 * types, which it does not export.
 */

export interface JobReference {
  readonly projectId?: string;
  readonly jobId?: string;
  readonly location?: string;
}

export interface TableFieldSchema {
  readonly name: string;
  /** Legacy names in responses: INTEGER, FLOAT, BOOLEAN, RECORD; standard ones elsewhere. */
  readonly type: string;
  readonly mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  readonly fields?: readonly TableFieldSchema[];
}

/** One cell: `v` is text, null, a nested row (RECORD) or a list of cells (REPEATED). */
export interface Cell {
  readonly v: CellValue;
}
export type CellValue = string | null | TableRow | readonly Cell[];
export interface TableRow {
  readonly f: readonly Cell[];
}

export interface QueryParameter {
  readonly name: string;
  readonly parameterType: { readonly type: string; readonly arrayType?: { readonly type: string } };
  readonly parameterValue: { readonly value?: string; readonly arrayValues?: ReadonlyArray<{ readonly value: string }> };
}

/** Body of POST /projects/{project}/queries. */
export interface QueryRequest {
  readonly query: string;
  readonly useLegacySql: false;
  readonly parameterMode?: 'NAMED';
  readonly queryParameters?: readonly QueryParameter[];
  readonly location?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly maximumBytesBilled?: string;
  readonly jobTimeoutMs?: string;
  readonly timeoutMs: number;
  readonly maxResults: number;
  readonly requestId: string;
  readonly jobCreationMode: 'JOB_CREATION_REQUIRED';
  readonly formatOptions: { readonly useInt64Timestamp: true };
}

/** What jobs.query and jobs.getQueryResults both answer. */
export interface QueryResults {
  readonly jobReference?: JobReference;
  readonly jobComplete?: boolean;
  readonly schema?: { readonly fields?: readonly TableFieldSchema[] };
  readonly rows?: readonly TableRow[];
  readonly pageToken?: string;
  readonly totalBytesProcessed?: string;
  /** jobs.query only: milliseconds since the epoch, as text. */
  readonly creationTime?: string;
  readonly startTime?: string;
}

/** The part of a Job resource (jobs.get) that tells how long the job queued and what it read. */
export interface JobResource {
  readonly statistics?: {
    readonly creationTime?: string;
    readonly startTime?: string;
    readonly totalBytesProcessed?: string;
  };
}

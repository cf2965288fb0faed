import type { FakeJob } from './fake-job.js';

/** The JSON BigQuery's REST v2 answers about a job: the Job resource and query result pages. */

export function jobReference(job: FakeJob, project: string) {
  return { projectId: project, jobId: job.id, location: job.location };
}

export function jobResource(job: FakeJob, project: string) {
  const { spec } = job;
  return {
    kind: 'bigquery#job',
    etag: `"${job.id}-${job.state}"`,
    id: `${project}:${job.location}.${job.id}`,
    selfLink: `/bigquery/v2/projects/${project}/jobs/${job.id}?location=${job.location}`,
    user_email: 'baselinr-test@fake.invalid',
    configuration: {
      jobType: 'QUERY',
      labels: spec.labels,
      query: { query: spec.query, useLegacySql: false, ...(spec.maximumBytesBilled ? { maximumBytesBilled: spec.maximumBytesBilled } : {}) },
    },
    jobReference: jobReference(job, project),
    statistics: {
      creationTime: String(job.creationTime),
      ...(job.startTime !== undefined ? { startTime: String(job.startTime) } : {}),
      ...(job.endTime !== undefined ? { endTime: String(job.endTime) } : {}),
      totalBytesProcessed: String(job.bytesProcessed),
      query: { totalBytesProcessed: String(job.bytesProcessed), totalBytesBilled: String(job.bytesBilled), cacheHit: false, statementType: 'SELECT' },
    },
    status: { state: job.state, ...(job.error ? { errorResult: job.error, errors: [job.error] } : {}) },
  };
}

/** Page tokens are opaque to clients; here they are the next row offset, encoded. */
export function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** One page of a finished job's rows, as jobs.query and jobs.getQueryResults answer it. */
export function resultsPage(job: FakeJob, project: string, offset: number, pageRows: number) {
  const result = job.result!;
  const rows = result.rows.slice(offset, offset + pageRows);
  const next = offset + rows.length;
  return {
    jobReference: jobReference(job, project),
    jobComplete: true,
    schema: { fields: result.fields },
    totalRows: String(result.rows.length),
    rows,
    ...(next < result.rows.length ? { pageToken: encodeToken(next) } : {}),
    totalBytesProcessed: String(job.bytesProcessed),
    cacheHit: false,
  };
}

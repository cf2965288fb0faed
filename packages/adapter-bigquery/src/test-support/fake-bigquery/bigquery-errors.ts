/**
 * BigQuery's error shapes: an HTTP error body `{error: {code, message, errors: [ErrorProto], status}}`
 * and a job's `status.errorResult` (an ErrorProto), with the HTTP status each reason comes with.
 */
export interface ErrorProto {
  readonly reason: string;
  readonly message: string;
  readonly domain?: string;
  readonly location?: string;
}

const STATUS_BY_REASON: Readonly<Record<string, number>> = {
  invalid: 400,
  invalidQuery: 400,
  jobRateLimitExceeded: 400,
  bytesBilledLimitExceeded: 400,
  resourcesExceeded: 400,
  stopped: 400,
  authError: 401,
  accessDenied: 403,
  rateLimitExceeded: 403,
  quotaExceeded: 403,
  notFound: 404,
  duplicate: 409,
  internalError: 500,
  backendError: 503,
};

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

/** A failure the fake answers with an HTTP error; `reason` is absent for bodies without ErrorProtos (the front end's 429). */
export class BigQueryHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
  }

  static of(error: ErrorProto): BigQueryHttpError {
    return new BigQueryHttpError(STATUS_BY_REASON[error.reason] ?? 400, error.reason, error.message);
  }

  get body(): object {
    const errors = this.reason ? [{ message: this.message, domain: 'global', reason: this.reason }] : [];
    return { error: { code: this.status, message: this.message, errors, status: STATUS_NAMES[this.status] ?? 'UNKNOWN' } };
  }
}

export const errors = {
  stopped: (): ErrorProto => ({ reason: 'stopped', message: 'Job execution was cancelled: User requested cancellation' }),
  invalidQuery: (message: string): ErrorProto => ({ reason: 'invalidQuery', message, location: 'query' }),
  notFound: (what: string, location: string): ErrorProto => ({ reason: 'notFound', message: `Not found: ${what} was not found in location ${location}` }),
  concurrentQueries: (): ErrorProto => ({
    reason: 'rateLimitExceeded',
    message: 'Exceeded rate limits: too many concurrent queries for this project_and_region. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  }),
  tooComplex: (): ErrorProto => ({
    reason: 'resourcesExceeded',
    message: 'Resources exceeded during query execution: Not enough resources for query planning - too many subqueries or query is too complex.',
  }),
  bytesBilled: (limit: string, required: number): ErrorProto => ({
    reason: 'bytesBilledLimitExceeded',
    message: `Query exceeded limit for bytes billed: ${limit}. ${required} or higher required.`,
  }),
};

/** A PostgreSQL error (SQLSTATE in `code`) as the ErrorProto BigQuery would report for the query. */
export function fromPostgres(err: unknown, location: string): ErrorProto {
  const { code, message = String(err) } = (err ?? {}) as { code?: string; message?: string };
  if (code === '42P01' || code === '3F000') return { reason: 'notFound', message: `Not found: ${message} (location ${location})` };
  if (code === '42501') return { reason: 'accessDenied', message: `Access Denied: ${message}` };
  if (code === '53300' || code?.startsWith('08')) return { reason: 'backendError', message: `Error encountered during execution. Retrying may solve the problem. (${message})` };
  return errors.invalidQuery(`Query error: ${message}`);
}

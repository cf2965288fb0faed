/**
 * The awsJson1_1 wire format as the Data API speaks it: JSON bodies, timestamps as epoch seconds,
 * errors as `{"__type": ..., "message": ...}` with the type repeated in `x-amzn-ErrorType`.
 */

/** JSON text written as is: BIGINT values go out as exact JSON numbers, as the service sends them. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, except that RawJson is emitted verbatim (Node 20 has no JSON.rawJSON). */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Timestamps travel as epoch seconds with milliseconds, the protocol's default format. */
export function epochSeconds(ms: number): RawJson {
  return new RawJson((ms / 1000).toFixed(3));
}

/** An error response: HTTP status, the service's error type, and its message. */
export class DataApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  body(): string {
    return toJson({ __type: this.type, message: this.message });
  }
}

/** The error types the fake raises or can be told to raise, with the status the service uses. */
export const apiErrors = {
  validation: (message: string) => new DataApiError(400, 'ValidationException', message),
  notFound: (message: string) => new DataApiError(404, 'ResourceNotFoundException', message),
  activeStatementsExceeded: (limit: number) =>
    new DataApiError(400, 'ActiveStatementsExceededException', `The maximum number of active statements (${limit}) for this cluster has been reached.`),
  throttling: () => new DataApiError(400, 'ThrottlingException', 'Rate exceeded'),
  internal: () => new DataApiError(500, 'InternalServerException', 'The request processing has failed because of an unknown error, exception or failure.'),
  unavailable: () => new DataApiError(503, 'ServiceUnavailableException', 'Service Unavailable'),
  accessDenied: (operation: string) =>
    new DataApiError(400, 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/baselinr-test is not authorized to perform: redshift-data:${operation}`),
  unrecognizedClient: () => new DataApiError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
  missingToken: () => new DataApiError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
  unknownOperation: () => new DataApiError(400, 'UnknownOperationException', 'The requested operation is not supported by the fake Data API.'),
  serialization: (message: string) => new DataApiError(400, 'SerializationException', message),
} as const;

/** PostgreSQL type OIDs and the Data API field each one travels in. */
const LONG_TYPES = new Set([20, 21, 23, 26]); // int8, int2, int4, oid
const DOUBLE_TYPES = new Set([700, 701]); // float4, float8
const BOOL_TYPE = 16;
const BYTEA_TYPE = 17;

/**
 * One value as a Data API `Field`, from PostgreSQL's text output: integers as `longValue`
 * (exact digits in the JSON), floats as `doubleValue`, booleans, bytes as base64 `blobValue`,
 * and everything else (numeric, varchar, dates, timestamps) as `stringValue`.
 */
export function encodeField(text: string | null, typeOid: number): Record<string, unknown> {
  if (text === null) return { isNull: true };
  if (LONG_TYPES.has(typeOid)) return { longValue: new RawJson(text) };
  if (DOUBLE_TYPES.has(typeOid)) return Number.isFinite(Number(text)) ? { doubleValue: new RawJson(text) } : { stringValue: text };
  if (typeOid === BOOL_TYPE) return { booleanValue: text === 't' };
  if (typeOid === BYTEA_TYPE) return { blobValue: Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64') };
  return { stringValue: text };
}

import type { JobSpec } from './fake-job.js';
import type { Parameter } from './translate.js';

/** The request bodies of jobs.query and jobs.insert, as far as the fake reads them, turned into job specs. */

interface RestParameter {
  readonly name: string;
  readonly parameterType: { readonly type: string; readonly arrayType?: { readonly type: string } };
  readonly parameterValue: { readonly value?: string; readonly arrayValues?: ReadonlyArray<{ readonly value: string }> };
}

interface QueryConfiguration {
  readonly query: string;
  readonly useLegacySql?: boolean;
  readonly queryParameters?: readonly RestParameter[];
  readonly maximumBytesBilled?: string;
}

export interface QueryRequestBody extends QueryConfiguration {
  readonly labels?: Record<string, string>;
  readonly location?: string;
  readonly jobTimeoutMs?: string;
  readonly timeoutMs?: number;
  readonly maxResults?: number;
}

export interface InsertRequestBody {
  readonly jobReference?: { readonly jobId?: string; readonly location?: string };
  readonly configuration?: {
    readonly labels?: Record<string, string>;
    readonly jobTimeoutMs?: string;
    readonly query?: QueryConfiguration;
  };
}

export function querySpec(body: QueryRequestBody): JobSpec {
  return {
    query: body.query,
    parameters: (body.queryParameters ?? []).map(toParameter),
    labels: body.labels ?? {},
    ...(body.location ? { location: body.location } : {}),
    ...(body.maximumBytesBilled ? { maximumBytesBilled: body.maximumBytesBilled } : {}),
    ...(body.jobTimeoutMs ? { jobTimeoutMs: body.jobTimeoutMs } : {}),
  };
}

export function insertSpec(body: InsertRequestBody, query: QueryConfiguration): JobSpec {
  const { jobReference, configuration } = body;
  return {
    ...querySpec({ ...query, ...(configuration?.labels ? { labels: configuration.labels } : {}), ...(jobReference?.location ? { location: jobReference.location } : {}) }),
    ...(configuration?.jobTimeoutMs ? { jobTimeoutMs: configuration.jobTimeoutMs } : {}),
    ...(jobReference?.jobId ? { jobId: jobReference.jobId } : {}),
  };
}

function toParameter(p: RestParameter): Parameter {
  const { type, arrayType } = p.parameterType;
  if (type === 'ARRAY') return { name: p.name, type: `ARRAY<${arrayType?.type}>`, value: (p.parameterValue.arrayValues ?? []).map((v) => v.value) };
  return { name: p.name, type, value: p.parameterValue.value };
}

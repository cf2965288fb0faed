import { accessSync, constants } from 'node:fs';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { z } from 'zod';
import { LABEL_KEY, LABEL_VALUE, RESERVED_LABEL_KEYS } from './job-labels.js';

/** Select-list expressions per statement: wide tables are split past this, well before BigQuery calls a query too complex. */
export const DEFAULT_MAX_EXPRESSIONS = 200;

/** How the client authenticates; the inline key never leaves this object except into the SDK. */
export type Credentials =
  | { readonly kind: 'application_default' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly key: Readonly<Record<string, unknown>> };

export interface BigQuerySettings {
  /** Runs (and pays for) the query jobs, and holds the datasets. */
  readonly project: string;
  /** What a profiling entry without `schema:` means. */
  readonly defaultDataset: string | undefined;
  readonly location: string | undefined;
  readonly credentials: Credentials;
  readonly apiEndpoint: string | undefined;
  /** Int64 as text, as the API takes it. */
  readonly maximumBytesBilled: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly maxExpressionsPerStatement: number;
}

const SECTION = 'source';

/** Top-level keys other warehouses use; set for bigquery they are almost always a copy-paste slip. */
const UNUSED_KEYS: Partial<Record<keyof ConnectionConfig, string>> = {
  host: 'BigQuery is reached over its HTTPS API; use extra_params.api_endpoint only for a private endpoint',
  port: 'BigQuery is reached over its HTTPS API',
  username: 'BigQuery authenticates with Google credentials: credentials_path, extra_params.credentials or application default credentials',
  password: 'BigQuery authenticates with Google credentials: credentials_path, extra_params.credentials or application default credentials',
  account: 'that is a Snowflake setting; BigQuery uses `project`',
  warehouse: 'that is a Snowflake setting; BigQuery uses `project`',
  role: "BigQuery permissions come from the credentials' IAM roles",
  filepath: 'that is a SQLite setting',
};

/** Numbers may arrive as text after `${VAR}` interpolation. */
const POSITIVE_INTEGER = 'expected a positive whole number';
const positiveInteger = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: POSITIVE_INTEGER }).int(POSITIVE_INTEGER).positive(POSITIVE_INTEGER),
);

const extraParamsSchema = z.strictObject({
  location: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'expected a BigQuery location such as US, EU or europe-west2')
    .optional(),
  credentials: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a credentials JSON object or its text' }).optional(),
  // Baselinr's spellings: its BigQuery connector reads the key file and the inline key from extra_params.
  credentials_path: z.string().min(1, 'expected the path of a Google credentials JSON file').optional(),
  credentials_info: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a credentials JSON object or its text' }).optional(),
  api_endpoint: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://bigquery.googleapis.com' }).optional(),
  maximum_bytes_billed: positiveInteger.optional(),
  labels: z
    .record(
      z.string().regex(LABEL_KEY, 'label keys start with a lowercase letter and hold at most 63 lowercase letters, digits, _ or -'),
      z.string().regex(LABEL_VALUE, 'label values hold at most 63 lowercase letters, digits, _ or -'),
    )
    .optional(),
  max_expressions_per_statement: positiveInteger.pipe(z.number().min(20, 'must be at least 20').max(1000, 'must be at most 1000')).optional(),
});

type ExtraParams = z.infer<typeof extraParamsSchema>;

/** Validates the `source` section for BigQuery; every problem names its key and the fix. */
export function parseSettings(connection: ConnectionConfig): BigQuerySettings {
  const problems: string[] = [];
  for (const [key, hint] of Object.entries(UNUSED_KEYS)) {
    const value = connection[key as keyof ConnectionConfig];
    if (value !== undefined && value !== '') problems.push(`${SECTION}.${key}: not used by bigquery; ${hint}`);
  }
  const project = projectOf(connection, problems);
  if (!project) {
    problems.push(
      `${SECTION}.project: required for bigquery: the Google Cloud project that runs and pays for the query jobs (project: my-analytics-project, or database: as Baselinr spells it)`,
    );
  } else if (/[\s`]/.test(project)) {
    problems.push(`${SECTION}.project: expected a project id such as my-analytics-project, got ${JSON.stringify(project)}`);
  }
  const parsed = extraParamsSchema.safeParse(connection.extra_params ?? {});
  if (!parsed.success) problems.push(...parsed.error.issues.map(describeIssue));
  const extra: ExtraParams = parsed.success ? parsed.data : {};
  const credentials = resolveCredentials(
    oneOf(problems, ['credentials_path', connection.credentials_path], ['extra_params.credentials_path', extra.credentials_path]),
    oneOf(problems, ['extra_params.credentials', extra.credentials], ['extra_params.credentials_info', extra.credentials_info]),
    problems,
  );
  for (const key of Object.keys(extra.labels ?? {})) {
    if (RESERVED_LABEL_KEYS.includes(key)) problems.push(`${SECTION}.extra_params.labels.${key}: reserved: Baselinr sets it on every job`);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), problems);
  return {
    project: project!,
    defaultDataset: connection.schema?.trim() || undefined,
    location: extra.location,
    credentials,
    apiEndpoint: extra.api_endpoint?.replace(/\/+$/, ''),
    maximumBytesBilled: extra.maximum_bytes_billed?.toString(),
    labels: extra.labels ?? {},
    maxExpressionsPerStatement: extra.max_expressions_per_statement ?? DEFAULT_MAX_EXPRESSIONS,
  };
}

/**
 * The project from `project`, or from `database` as Baselinr spells it (its BigQuery connector
 * reads the project id from `database`); both may be given only when they agree.
 */
function projectOf(connection: ConnectionConfig, problems: string[]): string | undefined {
  const project = connection.project?.trim() || undefined;
  const database = connection.database?.trim() || undefined;
  if (project && database && project !== database) {
    problems.push(`${SECTION}.database: Baselinr's name for the project, but it says ${JSON.stringify(database)} and project says ${JSON.stringify(project)}; keep one of them`);
  }
  return project ?? database;
}

/**
 * The value of whichever of two spellings of one setting is given (ours and Baselinr's); both
 * is a problem, since one would silently win. Values are not quoted: an inline key holds secrets.
 */
function oneOf<T>(problems: string[], first: readonly [string, T | undefined], second: readonly [string, T | undefined]): T | undefined {
  if (first[1] !== undefined && second[1] !== undefined) {
    problems.push(`${SECTION}.${second[0]}: give either ${first[0]} or ${second[0]}, not both (they mean the same)`);
  }
  return first[1] ?? second[1];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(extraParamsSchema.shape).join(', ');
    return issue.keys.map((k) => `${SECTION}.extra_params.${k}: unknown option for bigquery; expected one of ${known}`).join('\n');
  }
  const path = ['extra_params', ...issue.path.map(String)].join('.');
  // A bad record key reports "Invalid key in record"; the key's own rule says what is wrong.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${SECTION}.${path}: ${message}`;
}

/**
 * Credentials are a key file, an inline key (object or JSON text) or, with neither, Google's
 * application default credentials. Messages about the inline key never quote it: it holds secrets.
 */
function resolveCredentials(path: string | undefined, inline: ExtraParams['credentials'], problems: string[]): Credentials {
  if (path && inline !== undefined) {
    problems.push(`${SECTION}.credentials_path: give either credentials_path or extra_params.credentials, not both`);
    return { kind: 'application_default' };
  }
  if (path) {
    try {
      accessSync(path, constants.R_OK);
    } catch (err) {
      problems.push(`${SECTION}.credentials_path: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); give the path of a Google credentials JSON file`);
    }
    return { kind: 'file', path };
  }
  if (inline === undefined) return { kind: 'application_default' };
  const key = typeof inline === 'string' ? parseKeyText(inline) : inline;
  if (key === undefined || typeof key.type !== 'string') {
    problems.push(
      `${SECTION}.extra_params.credentials: expected a Google credentials JSON object with a "type" (service_account, authorized_user, external_account...); its content is not shown because it holds secrets`,
    );
    return { kind: 'application_default' };
  }
  return { kind: 'inline', key };
}

/** JSON.parse errors quote the text they choke on, so they are swallowed rather than reported. */
function parseKeyText(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

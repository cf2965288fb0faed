import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { DEFAULT_MAX_EXPRESSIONS, parseSettings } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'baselinr-bq-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({ type: 'bigquery', project: 'my-project', schema: 'sales', extra_params: {}, ...extra });

function problems(config: ConnectionConfig): readonly string[] {
  try {
    parseSettings(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('BigQuery connection settings', () => {
  it('reads a minimal config: project, default dataset, application default credentials', () => {
    expect(parseSettings(source())).toEqual({
      project: 'my-project',
      defaultDataset: 'sales',
      location: undefined,
      credentials: { kind: 'application_default' },
      apiEndpoint: undefined,
      maximumBytesBilled: undefined,
      labels: {},
      maxExpressionsPerStatement: DEFAULT_MAX_EXPRESSIONS,
    });
  });

  it('reads every extra_params option, numbers given as text included', () => {
    const key = join(dir, 'key.json');
    writeFileSync(key, '{}');
    const settings = parseSettings(
      source({
        credentials_path: key,
        extra_params: {
          location: 'europe-west2',
          api_endpoint: 'https://bigquery.example.internal/',
          maximum_bytes_billed: '10485760',
          labels: { team: 'data-eng' },
          max_expressions_per_statement: 120,
        },
      }),
    );
    expect(settings).toMatchObject({
      location: 'europe-west2',
      credentials: { kind: 'file', path: key },
      apiEndpoint: 'https://bigquery.example.internal',
      maximumBytesBilled: '10485760',
      labels: { team: 'data-eng' },
      maxExpressionsPerStatement: 120,
    });
  });

  it('takes an inline key as an object or as JSON text', () => {
    const key = { type: 'service_account', client_email: 'x@y.iam.gserviceaccount.com' };
    expect(parseSettings(source({ extra_params: { credentials: key } })).credentials).toEqual({ kind: 'inline', key });
    expect(parseSettings(source({ extra_params: { credentials: JSON.stringify(key) } })).credentials).toEqual({ kind: 'inline', key });
  });

  it('names each bad key and how to fix it, all at once', () => {
    const found = problems({
      type: 'bigquery',
      password: 'hunter2',
      host: 'db.example.com',
      credentials_path: join(dir, 'missing.json'),
      extra_params: {
        location: 'us central',
        maximum_bytes_billed: '-5',
        api_endpoint: 'ftp://example.com',
        labels: { Team: 'x', baselinr_run_id: 'mine' },
        max_expressions_per_statement: 5,
        dataset: 'sales',
      },
    });
    const keys = found.map((p) => p.split(':')[0]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'source.project',
        'source.password',
        'source.host',
        'source.credentials_path',
        'source.extra_params.location',
        'source.extra_params.maximum_bytes_billed',
        'source.extra_params.api_endpoint',
        'source.extra_params.labels.Team',
        'source.extra_params.max_expressions_per_statement',
        'source.extra_params.dataset',
      ]),
    );
    expect(found.find((p) => p.startsWith('source.extra_params.dataset'))).toContain('expected one of location, credentials');
    expect(found.find((p) => p.startsWith('source.project'))).toContain('project: my-analytics-project');
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('refuses to let a user label replace the run id label', () => {
    expect(problems(source({ extra_params: { labels: { baselinr_run_id: 'mine' } } }))).toEqual([
      expect.stringMatching(/^source\.extra_params\.labels\.baselinr_run_id: reserved/),
    ]);
  });

  it('refuses a key file together with an inline key', () => {
    const key = join(dir, 'both.json');
    writeFileSync(key, '{}');
    expect(problems(source({ credentials_path: key, extra_params: { credentials: { type: 'service_account' } } }))).toEqual([
      expect.stringContaining('either credentials_path or extra_params.credentials'),
    ]);
  });

  it("accepts Baselinr's spelling: database as the project, the key file and the inline key in extra_params", () => {
    const key = join(dir, 'baselinr-key.json');
    writeFileSync(key, '{}');
    const baselinr = { type: 'bigquery', database: 'my-project', schema: 'sales', extra_params: {} };
    expect(parseSettings({ ...baselinr, extra_params: { credentials_path: key } })).toMatchObject({ project: 'my-project', credentials: { kind: 'file', path: key } });
    const info = { type: 'service_account', client_email: 'x@y.iam.gserviceaccount.com' };
    expect(parseSettings({ ...baselinr, extra_params: { credentials_info: JSON.stringify(info) } }).credentials).toEqual({ kind: 'inline', key: info });
    expect(parseSettings({ ...baselinr, project: 'my-project' }).project).toBe('my-project');
  });

  it('refuses two spellings of one setting that could disagree', () => {
    const key = join(dir, 'twice.json');
    writeFileSync(key, '{}');
    expect(problems(source({ database: 'other-project' }))).toEqual([expect.stringMatching(/^source\.database: .*"other-project".*"my-project"/)]);
    expect(problems(source({ credentials_path: key, extra_params: { credentials_path: key } }))).toEqual([
      expect.stringContaining('give either credentials_path or extra_params.credentials_path'),
    ]);
    const found = problems(source({ extra_params: { credentials: '{"type":"service_account","private_key":"s3cret"}', credentials_info: { type: 'x' } } }));
    expect(found).toEqual([expect.stringContaining('give either extra_params.credentials or extra_params.credentials_info')]);
    expect(found.join('\n')).not.toContain('s3cret');
  });
});

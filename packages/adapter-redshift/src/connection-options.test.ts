import { describe, expect, it } from 'vitest';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { parseRedshiftOptions } from './connection-options.js';

const source = (extra: Record<string, unknown>, top: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  type: 'redshift',
  database: 'dev',
  ...top,
  extra_params: extra,
});

function problems(connection: ConnectionConfig): readonly string[] {
  try {
    parseRedshiftOptions(connection);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the settings to be refused');
}

describe('accepted settings', () => {
  it('a provisioned cluster with temporary credentials for a database user', () => {
    const options = parseRedshiftOptions(source({ cluster_identifier: 'analytics', db_user: 'profiler', region: 'eu-west-1' }));
    expect(options.target).toEqual({ Database: 'dev', ClusterIdentifier: 'analytics', DbUser: 'profiler' });
    expect(options).toMatchObject({ region: 'eu-west-1', schema: 'public', polling: { initialMs: 100, maxMs: 1000 } });
    expect(options.credentials).toBeUndefined();
  });

  it('Serverless with a Secrets Manager secret, static keys and a schema', () => {
    const options = parseRedshiftOptions(
      source(
        { workgroup_name: 'wg', secret_arn: 'arn:aws:secretsmanager:eu-west-1:1:secret:rs', access_key_id: 'AKIA1', secret_access_key: 's3cr3t', session_token: 'tok' },
        { schema: 'sales' },
      ),
    );
    expect(options.target).toEqual({ Database: 'dev', WorkgroupName: 'wg', SecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:rs' });
    expect(options.credentials).toEqual({ accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t', sessionToken: 'tok' });
    expect(options.secrets).toEqual(['AKIA1', 's3cr3t', 'tok']);
    expect(options.schema).toBe('sales');
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, named in the title
  it("a cluster as the caller's IAM identity; empty `${VAR:-}` values and numbers as text", () => {
    const options = parseRedshiftOptions(source({ cluster_identifier: 'c', access_key_id: '', secret_access_key: '', poll_interval_ms: '250', max_poll_interval_ms: '50' }));
    expect(options.target).toEqual({ Database: 'dev', ClusterIdentifier: 'c' });
    expect(options.credentials).toBeUndefined();
    // The ceiling never falls below the first interval.
    expect(options.polling).toEqual({ initialMs: 250, maxMs: 250 });
  });
});

describe('refused settings name the key and the fix', () => {
  it.each([
    [{}, /source\.extra_params: set cluster_identifier .* or workgroup_name/],
    [{ cluster_identifier: 'c', workgroup_name: 'w' }, /set only one of cluster_identifier and workgroup_name/],
    [{ workgroup_name: 'w', db_user: 'u' }, /source\.extra_params\.db_user: only for provisioned clusters/],
    [{ cluster_identifier: 'c', db_user: 'u', secret_arn: 'arn' }, /only one of db_user .* and secret_arn/],
    [{ cluster_identifier: 'c', access_key_id: 'AKIA1' }, /access_key_id and secret_access_key together/],
    [{ cluster_identifier: 'c', session_token: 't' }, /source\.extra_params\.session_token: only with access_key_id/],
    [{ cluster_identifier: 'c', clusterIdentifier: 'c' }, /source\.extra_params\.clusterIdentifier: unknown option; supported: cluster_identifier, workgroup_name/],
    [{ cluster_identifier: 'c', endpoint: 'not a url' }, /source\.extra_params\.endpoint: /],
    [{ cluster_identifier: 'c', poll_interval_ms: 0 }, /source\.extra_params\.poll_interval_ms: /],
  ])('%j', (extra, message) => {
    expect(problems(source(extra)).join('\n')).toMatch(message);
  });

  it('a missing database, and connection keys that belong to the wire protocol', () => {
    const found = problems({ type: 'redshift', port: 5439, username: 'u', password: 'pw', extra_params: { cluster_identifier: 'c' } });
    expect(found).toEqual([
      expect.stringMatching(/^source\.port: not used by the Redshift Data API adapter; it goes with source\.host/),
      expect.stringMatching(/^source\.username: .*source\.host .* extra_params\.db_user/),
      expect.stringMatching(/^source\.password: .*source\.host .* extra_params\.secret_arn$/),
      expect.stringMatching(/^source\.database: required/),
    ]);
  });
});

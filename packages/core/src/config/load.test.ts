// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed the config's ${VAR} syntax as plain text on purpose.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfigText } from './load.js';

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfigText(text, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('config was accepted');
}

describe('config', () => {
  it('applies defaults to a minimal config', () => {
    const config = parseConfigText('source: { type: sqlite, filepath: w.db }', { env: {} });
    expect(config.execution).toEqual({ max_workers: 1, batch_size: 10, queue_size: 100, warehouse_limits: {} });
    expect(config.storage.connection.filepath).toBe('.baselinr/results.db');
    expect(config.profiling.histogram_bins).toBe(10);
    expect(config.retry.backoff_strategy).toBe('exponential');
  });

  it('refuses max_workers above 64 with the path and the value', () => {
    expect(problemsOf('source: { type: sqlite }\nexecution: { max_workers: 100 }')).toEqual(['execution.max_workers: must be at most 64, got 100']);
  });

  it('refuses unknown keys with a did-you-mean', () => {
    expect(problemsOf('source: { type: sqlite }\nexecution: { max_worker: 4 }')).toEqual(['execution.max_worker: unknown key; did you mean `max_workers`?']);
    expect(problemsOf('source: { type: sqlite }\nprofilng: {}')[0]).toBe('profilng: unknown key; did you mean `profiling`?');
  });

  it('requires source', () => {
    expect(problemsOf('execution: { max_workers: 2 }')).toEqual(['source: is required (expected object)']);
  });

  it('lists every problem at once, including enum values', () => {
    const problems = problemsOf('source: { type: sqlite }\nretry: { backoff_strategy: linear, retries: 11 }\nexecution: { queue_size: 5 }');
    expect(problems).toContain('retry.retries: must be at most 10, got 11');
    expect(problems).toContain('retry.backoff_strategy: must be one of "exponential", "fixed", got "linear"');
    expect(problems).toContain('execution.queue_size: must be at least 10, got 5');
  });

  it('checks max_backoff >= min_backoff', () => {
    expect(problemsOf('source: { type: sqlite }\nretry: { min_backoff: 4, max_backoff: 1 }')).toEqual([
      'retry.max_backoff: max_backoff must be greater than or equal to min_backoff',
    ]);
  });

  it('interpolates ${VAR} and ${VAR:-default}, coercing numbers', () => {
    const config = parseConfigText('source: { type: postgres, host: "${PGHOST}", port: "${PGPORT:-5432}", password: "${PGPASSWORD:-}" }\nexecution: { max_workers: "${W}" }', {
      env: { PGHOST: 'db.internal', W: '4' },
    });
    expect(config.source).toMatchObject({ host: 'db.internal', port: 5432, password: '' });
    expect(config.execution.max_workers).toBe(4);
  });

  it('names an unset variable and how to default it', () => {
    expect(problemsOf('source: { type: postgres, password: "${SECRET}" }')).toEqual([
      'source.password: environment variable SECRET is not set (set it, or give a default with ${SECRET:-value})',
    ]);
  });

  it('validates table entries', () => {
    expect(problemsOf('source: { type: sqlite }\nprofiling: { tables: [{ schema: s }] }')).toEqual([
      'profiling.tables.0: give exactly one of `table`, `pattern`, `select_schema: true` or `select_all_schemas: true`',
    ]);
    expect(problemsOf('source: { type: sqlite }\nprofiling: { tables: [{ schema: s, schema_pattern: "s*", select_schema: true }] }')).toEqual([
      'profiling.tables.0: give at most one of `schema`, `schema_pattern` or `select_all_schemas: true`, and `schema_pattern` not with `table`',
    ]);
    expect(problemsOf('source: { type: sqlite }\nprofiling: { tables: [{ table: t, tags: [pii] }] }')[0]).toMatch(/an entry with `table` names its table$/);
    expect(problemsOf('source: { type: sqlite }\nprofiling: { tables: [{ pattern: "(", pattern_type: regex }] }')[0]).toMatch(
      /^profiling\.tables\.0: invalid regular expression "\("/,
    );
    expect(problemsOf('source: { type: sqlite }\nprofiling: { metrics: [count, median] }')[0]).toMatch(/^profiling\.metrics\.1: must be one of "count", /);
  });
});

describe('loadConfig paths', () => {
  it('resolves filepath and credentials_path against the config file folder', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadConfig } = await import('./load.js');
    const dir = mkdtempSync(join(tmpdir(), 'baselinr-config-'));
    try {
      writeFileSync(join(dir, 'c.yml'), 'source: { type: bigquery, credentials_path: keys/sa.json }\nstorage: { connection: { type: sqlite, filepath: out/r.db } }');
      const config = await loadConfig(join(dir, 'c.yml'));
      expect(config.source.credentials_path).toBe(join(dir, 'keys/sa.json'));
      expect(config.storage.connection.filepath).toBe(join(dir, 'out/r.db'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed Baselinr's ${VAR} syntax as plain text on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfigText } from './load.js';

const base = 'source: { type: sqlite, filepath: w.db }\n';

function load(text: string, env: NodeJS.ProcessEnv = {}, strict = false) {
  const warnings: string[] = [];
  const config = parseConfigText(text, { env, strict, onWarning: (m) => warnings.push(m) });
  return { config, warnings };
}

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}, strict = false): readonly string[] {
  try {
    load(text, env, strict);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('config was accepted');
}

describe("Baselinr's settings this version does not support", () => {
  it('are accepted with one warning per key, wherever they are', () => {
    const { warnings } = load(
      `${base}llm: { enabled: true, provider: openai }\nprofiling:\n  discovery_options: { cache_discovery: true }\n  tables:\n    - { table: a, dbt_ref: x, sample_ratio: 1.0 }\n    - { table: b, dbt_ref: y }\ndrift_detection: { baselines: { strategy: auto } }\n`,
    );
    expect(warnings.sort()).toEqual([
      '`drift_detection.baselines`: a Baselinr setting this version does not support; ignored',
      '`llm`: a Baselinr setting this version does not support; ignored',
      '`profiling.discovery_options`: a Baselinr setting this version does not support; ignored',
      '`profiling.tables[].dbt_ref`: a Baselinr setting this version does not support; ignored',
      '`profiling.tables[].dbt_ref`: a Baselinr setting this version does not support; ignored',
      '`profiling.tables[].sample_ratio`: a Baselinr setting this version does not support; ignored',
    ]);
  });

  it('are errors with --strict, beside the other problems', () => {
    expect(problemsOf(`${base}llm: {}\nexecution: { max_workers: 100 }`, {}, true)).toEqual([
      '`llm`: a Baselinr setting this version does not support (refused by --strict)',
      'execution.max_workers: must be at most 64, got 100',
    ]);
  });

  it("leave keys that are not Baselinr's as errors with a did-you-mean", () => {
    expect(problemsOf(`${base}profiling: { histogram_bin: 3 }\nllm: {}`)).toEqual(['profiling.histogram_bin: unknown key; did you mean `histogram_bins`?']);
    expect(problemsOf(`${base}profiling: { tables: [{ table: a, dbt_reff: x }] }`)).toEqual([
      'profiling.tables.0.dbt_reff: unknown key; allowed keys: table, schema, database, pattern, pattern_type, select_schema, select_all_schemas, schema_pattern, exclude_patterns, table_types, min_rows, max_rows, tags, tags_any',
    ]);
  });

  it('lists data_type_inferred as a metric this version does not compute and computes the rest', () => {
    const { config, warnings } = load(`${base}profiling: { metrics: [count, null_percent, distinct_percent, data_type_inferred] }`);
    expect(config.profiling.metrics).toEqual(['count', 'null_percent', 'distinct_percent']);
    expect(warnings).toEqual(['`profiling.metrics`: `data_type_inferred` is a Baselinr metric this version does not compute; ignored']);
    expect(config.profiling.max_distinct_values).toBe(1000);
  });
});

describe("Baselinr's config syntax", () => {
  it('takes schema_ as the alias of schema in connections and table entries', () => {
    const { config } = load('source: { type: postgres, database: d, schema_: sales }\nprofiling: { tables: [{ table: t, schema_: raw }] }');
    expect(config.source.schema).toBe('sales');
    expect(config.profiling.tables[0]!.schema).toBe('raw');
  });

  it('reads ${VAR:default} as Baselinr does (the default only for an unset variable) beside ${VAR:-default}', () => {
    const text = 'source: { type: postgres, host: "${H:db.local}", database: "${D:-main}", username: "${U:fallback}" }';
    expect(load(text, {}).config.source).toMatchObject({ host: 'db.local', database: 'main', username: 'fallback' });
    expect(load(text, { H: 'h', D: '', U: '' }).config.source).toMatchObject({ host: 'h', database: 'main', username: '' });
  });

  it('applies BASELINR_<SECTION>__<KEY> overrides before references, creating sections, reading numbers and booleans', () => {
    const env = {
      BASELINR_SOURCE__HOST: '${REAL_HOST}',
      REAL_HOST: 'warehouse.internal',
      BASELINR_EXECUTION__MAX_WORKERS: '6',
      BASELINR_MONITORING__ENABLE_METRICS: 'yes',
      BASELINR_EXECUTION__WAREHOUSE_LIMITS__POSTGRES: '3',
      BASELINR_PROFILER: 'not a config key',
    };
    const { config } = load('source: { type: postgres, host: file-host, database: d }\nexecution: { max_workers: 2 }', env);
    expect(config.source.host).toBe('warehouse.internal');
    expect(config.execution.max_workers).toBe(6);
    expect(config.execution.warehouse_limits).toEqual({ postgres: 3 });
    expect(config.monitoring.enable_metrics).toBe(true);
  });

  it('says which override cannot apply', () => {
    expect(() => load(`${base}environment: prod`, { BASELINR_ENVIRONMENT__NAME: 'x' })).toThrow(
      'BASELINR_ENVIRONMENT__NAME: cannot override inside `environment`, which is not a section',
    );
  });
});

describe("Baselinr's own configs", () => {
  const folder = new URL('../../../../tests/fixtures/baselinr/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.yml'));

  it('are all here', () => expect(files).toHaveLength(7));

  const guide = readFileSync(new URL('guides/parallelism-and-batching.yaml', folder), 'utf8');
  const blocks = guide.split(/^--- # block \d+$/m).slice(1);
  it('has every block of the parallelism guide', () => expect(blocks).toHaveLength(16));
  for (const [i, block] of blocks.entries()) {
    it(`block ${i + 1} of the parallelism guide is accepted`, () => {
      expect(() => load(`${base}${block}`)).not.toThrow();
    });
  }

  for (const file of files) {
    it(`${file} passes validation (warnings allowed)`, () => {
      const { config } = load(readFileSync(new URL(file, folder), 'utf8'), { DB_PASSWORD: 'pw', SLACK_WEBHOOK_URL: 'https://hooks.example/x' });
      expect(config.storage.connection.type).toBeTruthy();
    });
  }
});

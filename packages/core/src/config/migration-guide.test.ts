import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationGuide } from './migration-guide.js';

const committed = new URL('../../../../docs/migrating-from-baselinr.md', import.meta.url);

describe('docs/migrating-from-baselinr.md', () => {
  it('is what the schemas and the facts generate (scripts/migrating-from-baselinr.sh rewrites it)', () => {
    const generated = migrationGuide();
    if (process.env.UPDATE_MIGRATION_GUIDE === '1') writeFileSync(committed, generated);
    expect(readFileSync(committed, 'utf8')).toBe(generated);
  });

  it('lists every Baselinr key: the ones this version reads, and each section it ignores', () => {
    const guide = migrationGuide();
    for (const row of [
      '| `source.schema_` | same |',
      '| `execution.warehouse_limits` | same |',
      '| `profiling.tables[].pattern` | same |',
      '| `llm.*` | not supported |',
      '| `profiling.tables[].dbt_ref` | not supported |',
    ]) {
      expect(guide).toContain(row);
    }
  });
});

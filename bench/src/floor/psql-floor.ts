import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../measure/measured-process.js';
import type { Endpoint } from '../warehouse/warehouse.js';

export interface FloorRequest {
  readonly via: Endpoint;
  readonly database: string;
  readonly user: string;
  /** Each table's statements, in the order baselinr runs them. */
  readonly statements: ReadonlyMap<string, readonly string[]>;
  /** Each table's rows: shares are balanced on them, as a static schedule would be. */
  readonly rows: ReadonlyMap<string, number>;
  readonly processes: number;
}

/**
 * The floor: the same statements run by `processes` psql processes at once, each with one
 * connection and its share of the tables, through the same proxy. No discovery, no catalog
 * queries, no results store, shares balanced on row counts: what any client at this parallelism
 * must at least spend.
 */
export async function runPsqlFloor(request: FloorRequest): Promise<{ wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-bench-psql-'));
  try {
    const files = balancedShares(request.rows, request.processes).map((tables, i) => {
      const file = join(dir, `share-${i}.sql`);
      writeFileSync(
        file,
        tables
          .flatMap((t) => request.statements.get(t) ?? [])
          .map((sql) => `${sql};\n`)
          .join(''),
      );
      return file;
    });
    const { host, port } = request.via;
    const started = performance.now();
    const results = await Promise.all(
      files.map((file) =>
        runChild(
          'psql',
          ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', String(port), '-U', request.user, '-d', request.database, '-f', file, '-o', '/dev/null'],
          dir,
        ),
      ),
    );
    const wallMs = performance.now() - started;
    const failed = results.find((r) => r.exitCode !== 0);
    if (failed) throw new Error(`psql exited ${failed.exitCode}: ${failed.stderr.trim()}`);
    return { wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Largest first onto the least loaded share (LPT), the best a static schedule does simply;
 * equal tables deal out round-robin.
 */
export function balancedShares(work: ReadonlyMap<string, number>, shares: number): string[][] {
  const buckets = Array.from({ length: Math.max(1, shares) }, () => ({ load: 0, tables: [] as string[] }));
  const largestFirst = [...work].sort((a, b) => b[1] - a[1]);
  for (const [table, amount] of largestFirst) {
    const lightest = buckets.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.load += amount;
    lightest.tables.push(table);
  }
  return buckets.map((b) => b.tables).filter((t) => t.length > 0);
}

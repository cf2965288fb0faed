import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = fileURLToPath(new URL('../../..', import.meta.url));
const BUILT = ['core', 'adapter-testkit', 'adapter-duckdb'].map((p) => join(PACKAGES, p));

/** The adapter: a third party's package in a few lines, here DuckDB under another name with limits of its own. */
const ADAPTER = `import { adapter as duckdb } from '@baselinr/adapter-duckdb';

export const adapter = { ...duckdb, type: 'tinyduck', limits: (c) => ({ ...duckdb.limits(c), ceiling: { workers: 2, reason: 'a throwaway adapter' }, recommended: { min: 1, max: 2 } }) };
`;

/** The author's whole test file: what the kit asks of an adapter author. */
export const TEST_CODE = `import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAdapter, sqlLoader } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';

async function sql(filepath, text, params = [], options = {}) {
  const db = await DuckDBInstance.create(filepath, options), c = await db.connect();
  try { return (await c.runAndReadAll(text, params)).getRowObjectsJson(); } finally { c.closeSync(); db.closeSync(); }
}
describeAdapter({ adapter, skip: { cancel: 'not wired here', 'refused-connection': 'embedded', 'results-store': 'it would share the source file' },
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tinyduck-')), filepath = join(dir, 'w.duckdb');
    const loader = sqlLoader({ run: (q, p) => sql(filepath, q, p), identifierQuote: '"', types: { float: 'DOUBLE' }, bind: (v, c) => (c.type === 'float' && v !== null ? String(v) : v) });
    return { connection: { type: 'tinyduck', filepath }, schema: 'main', ...loader, query: (q) => sql(filepath, q, [], { access_mode: 'READ_ONLY' }), close: async () => rmSync(dir, { recursive: true }) };
  },
});
`;

/**
 * The same harness around an adapter with four deliberate mistakes, to show the kit catches each:
 * every column described as text, big numbers returned as lossy doubles, driver errors passed on
 * without a cause, and a recommendation beyond what its own limits allow.
 */
const BROKEN_TEST = TEST_CODE.replace(
  "import { adapter } from './index.js';",
  `import { adapter as good } from './index.js';

const lossy = (rows) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\\d+$/.test(v) ? Number(v) : v])));
const adapter = {
  ...good,
  limits: (c) => ({ ...good.limits(c), recommended: { min: 1, max: 500 } }),
  connect: async (connection, options) => {
    const s = await good.connect(connection, options);
    return {
      dialect: s.dialect, defaultSchema: s.defaultSchema, close: () => s.close(), listTables: (f) => s.listTables(f),
      describeTables: async (refs, signal) => (await s.describeTables(refs, signal)).map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, kind: 'string' })) })),
      execute: async (sql, signal) => {
        try { return lossy(await s.execute(sql, signal)); } catch (err) { throw new Error(err.message); }
      },
    };
  },
};`,
).replace('skip: { cancel', "skip: { 'hostile-identifiers': 'kept short', 'statements-per-table': 'kept short', cancel");

/** Checks the broken adapter must fail, one or more per mistake. */
export const EXPECTED_FAILURES = [
  'describeTables describes a batch in one call: columns in order, kinds by type, missing tables absent',
  'describes each logical type as its column kind',
  'keeps 2^53 + 1 and 64-bit extremes exact',
  'bad SQL is a syntax error, not retried',
  'a missing table is object_not_found, not retried',
  'declares coherent limits: a ceiling with its reason, a recommendation within reach, a pool for 1 to 64 workers',
];

/** Which of the packages the throwaway depends on have not been built (their dist/ is what it installs). */
export function unbuilt(): string[] {
  return BUILT.filter((p) => !existsSync(join(p, 'dist', 'index.js')));
}

/** Real folders, for file: dependencies (npm links them, offline, without installing their dependencies). */
function realFolders(): Record<string, string> {
  const fromTestkit = createRequire(join(PACKAGES, 'adapter-testkit', 'package.json'));
  const fromDuckdb = createRequire(join(PACKAGES, 'adapter-duckdb', 'package.json'));
  return {
    '@baselinr/core': join(PACKAGES, 'core'),
    '@baselinr/adapter-testkit': join(PACKAGES, 'adapter-testkit'),
    '@baselinr/adapter-duckdb': join(PACKAGES, 'adapter-duckdb'),
    '@duckdb/node-api': dirname(fromDuckdb.resolve('@duckdb/node-api/package.json')),
    vitest: dirname(fromTestkit.resolve('vitest/package.json')),
  };
}

/** Writes the throwaway package into a fresh temp folder outside the workspace and returns the folder. */
export function writeThrowawayPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-adapter-tinyduck-'));
  const devDependencies = Object.fromEntries(Object.entries(realFolders()).map(([name, path]) => [name, `file:${path}`]));
  const manifest = {
    name: 'baselinr-adapter-tinyduck',
    version: '0.0.1',
    private: true,
    type: 'module',
    main: 'index.js',
    peerDependencies: { '@baselinr/core': '^0.1.0' },
    devDependencies,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'index.js'), ADAPTER);
  writeFileSync(join(dir, 'conformance.test.js'), TEST_CODE);
  writeFileSync(join(dir, 'broken.test.js'), BROKEN_TEST);
  return dir;
}

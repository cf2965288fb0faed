#!/usr/bin/env node
// The packages as an npm user gets them: packs every publishable package, checks the tarballs
// (LICENSE, README, no source maps, publint, Are the Types Wrong), installs them with plain npm
// into projects outside the workspace and uses them there:
//   - the SQLite demo, and the docs/library.md example typechecked and run;
//   - PostgreSQL source and store with only baselinr, @baselinr/core and @baselinr/adapter-postgres
//     installed: profiles, neither better-sqlite3 nor pg-boss is installed, require() works;
//   - the messages naming the package to install: Snowflake's adapter, pg-boss, the SQLite store.
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, database test), psql and the npm registry.
// Run from the repository after `npm run build`; BASELINR_KEEP_PACKED=1 keeps the temporary folder.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, root } from './lib/pack.mjs';

const work = mkdtempSync(join(tmpdir(), 'baselinr-packed-'));
const TYPESCRIPT = 'typescript@5.9.3';
const schema = `packed_install_${process.pid}`;
const pg = { host: '127.0.0.1', port: 5432, database: 'test', username: 'postgres' };

const step = (text) => console.log(`packed-install: ${text}`);

function fail(message) {
  throw new Error(message);
}

/** Runs a command; throws with its output unless it exits with `status`. */
function run(command, args, { cwd = root, status = 0, env } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== status) fail(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}, expected ${status}:\n${output}`);
  return output;
}

function expectIncludes(output, text, what) {
  if (!output.includes(text)) fail(`${what}: expected the output to include ${JSON.stringify(text)}, got:\n${output}`);
}

function checkTarball(name, file) {
  const files = run('tar', ['tzf', file]).trim().split('\n');
  for (const required of ['package/LICENSE', 'package/README.md', 'package/package.json', 'package/dist/index.js', 'package/dist/index.d.ts']) {
    if (!files.includes(required)) fail(`${name}: the tarball has no ${required.slice('package/'.length)}`);
  }
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length > 0) fail(`${name}: the tarball ships source maps: ${maps.slice(0, 3).join(', ')}`);
  if (!readFileSync(join(root, 'LICENSE'), 'utf8').includes('Apache License')) fail('the root LICENSE is not the Apache License');
  run('npx', ['publint', 'run', file, '--strict']);
  // ES modules only: `require()` of them works from Node 20.19 and 22.12 (require(esm)), which the
  // CommonJS rows of the strict profile cannot express.
  run('npx', ['attw', file, '--profile', 'esm-only', '--format', 'ascii']);
}

/** A fresh npm project outside the workspace with `packages` installed (tarball paths or registry specs). */
function project(name, packages) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true, type: 'module' }, null, 2));
  step(`${name}: npm install ${packages.map((p) => p.split('/').pop()).join(' ')}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: dir });
  return dir;
}

const baselinr = (dir, args, status = 0) => run(join(dir, 'node_modules/.bin/baselinr'), args, { cwd: dir, status });

function sqliteDemo(packed) {
  const dir = project('sqlite-demo', [packed.get('baselinr'), packed.get('@baselinr/core'), packed.get('@baselinr/adapter-sqlite'), TYPESCRIPT]);
  run(process.execPath, [join(root, 'examples/quickstart/build-warehouse.mjs'), join(dir, 'warehouse.db')]);
  copyFileSync(join(root, 'examples/quickstart/config.yml'), join(dir, 'config.yml'));
  expectIncludes(baselinr(dir, ['--version']), JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')).version, 'baselinr --version');
  expectIncludes(baselinr(dir, ['profile', '--config', 'config.yml']), 'Profiling completed: 7 succeeded, 0 failed', 'the SQLite demo');
  step('sqlite-demo: profiled the quickstart warehouse');

  // The docs/library.md example, compiled without @types/node (the DOM lib only gives it `console`).
  const example = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(root, 'docs/library.md'), 'utf8'))?.[1] ?? fail('docs/library.md has no ts example');
  writeFileSync(join(dir, 'example.ts'), example);
  const compilerOptions = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], strict: true, skipLibCheck: true };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['example.ts'] }, null, 2));
  run(join(dir, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: dir });
  expectIncludes(run(process.execPath, ['example.js'], { cwd: dir }), 'Profiling completed: 7 succeeded, 0 failed', 'the docs/library.md example');
  step('sqlite-demo: the docs/library.md example typechecks and runs');
}

const psql = (sql) => run('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-h', pg.host, '-p', String(pg.port), '-U', pg.username, '-d', pg.database, '-c', sql]);

/** Every installed package in `npm ls --all`'s tree (an optional peer left out is listed without a version). */
function installedNames(dir) {
  const names = new Set();
  const walk = (deps = {}) => {
    for (const [name, node] of Object.entries(deps)) {
      if (node.version) names.add(name);
      walk(node.dependencies);
    }
  };
  walk(JSON.parse(run('npm', ['ls', '--all', '--json'], { cwd: dir })).dependencies);
  return names;
}

function postgresOnly(packed) {
  const dir = project('postgres-only', [packed.get('baselinr'), packed.get('@baselinr/core'), packed.get('@baselinr/adapter-postgres')]);
  const installed = installedNames(dir);
  for (const absent of ['better-sqlite3', 'pg-boss', '@baselinr/adapter-sqlite']) {
    if (installed.has(absent)) fail(`postgres-only: npm ls shows ${absent}, which a PostgreSQL-only project must not install`);
  }
  step('postgres-only: npm ls shows no better-sqlite3, no pg-boss, no @baselinr/adapter-sqlite');
  // ES modules only, but `require()` of them works on the Node versions `engines` allows.
  run(process.execPath, ['-e', "for (const p of ['@baselinr/core', '@baselinr/adapter-postgres', 'baselinr']) if (Object.keys(require(p)).length === 0) throw new Error(p)"], {
    cwd: dir,
  });
  step('postgres-only: require() loads core, the adapter and the CLI');

  const connection = `{ type: postgres, host: ${pg.host}, port: ${pg.port}, database: ${pg.database}, username: ${pg.username}, schema: ${schema} }`;
  writeFileSync(join(dir, 'config.yml'), `source: ${connection}\nstorage:\n  connection: ${connection}\nprofiling:\n  tables:\n    - { table: orders }\n`);
  psql(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.orders AS SELECT g AS id, g % 7 AS status, 'c' || g AS note FROM generate_series(1, 500) g`);
  try {
    expectIncludes(baselinr(dir, ['profile', '--config', 'config.yml']), 'Profiling completed: 1 succeeded, 0 failed', 'postgres-only profile');
    expectIncludes(baselinr(dir, ['query', 'runs', '--config', 'config.yml']), 'orders', 'postgres-only query runs');
    step('postgres-only: profiled PostgreSQL into a PostgreSQL store');
    expectIncludes(baselinr(dir, ['worker', '--config', 'config.yml'], 2), 'npm install pg-boss', 'worker without pg-boss');
    step('postgres-only: queue mode without pg-boss names the package to install');
  } finally {
    psql(`DROP SCHEMA ${schema} CASCADE`);
  }

  writeFileSync(join(dir, 'default-store.yml'), `source: ${connection}\n`);
  expectIncludes(baselinr(dir, ['query', 'runs', '--config', 'default-store.yml'], 2), 'npm install @baselinr/adapter-sqlite', 'the default SQLite store without its adapter');
  writeFileSync(
    join(dir, 'snowflake.yml'),
    `source: { type: snowflake, account: xy12345, username: baselinr, password: not-a-real-secret, database: analytics, warehouse: profiling_wh }\nstorage:\n  connection: ${connection}\n`,
  );
  expectIncludes(baselinr(dir, ['profile', '--config', 'snowflake.yml'], 2), 'npm install @baselinr/adapter-snowflake', 'a Snowflake config without its adapter');
  step('postgres-only: the SQLite store and Snowflake adapter name the package to install');
}

try {
  const packed = packAll(join(work, 'tarballs'), step);
  for (const [name, file] of packed) {
    step(`checking ${name}: LICENSE, README, no source maps, publint, attw`);
    checkTarball(name, file);
  }
  postgresOnly(packed);
  sqliteDemo(packed);
  step('passed');
} finally {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script alone, never by a turbo task
  if (process.env.BASELINR_KEEP_PACKED) console.log(`packed-install: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

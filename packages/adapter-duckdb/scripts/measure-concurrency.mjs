#!/usr/bin/env node
// Measures what concurrency DuckDB really gives Baselinr, in two parts (numbers in docs/adapters/duckdb.md):
//  1. Statements executing at once on one instance with N connections: each statement reads its
//     own named pipe, and a pipe can be opened for writing only while DuckDB has it open, so the
//     count is exact and independent of CPU speed.
//  2. Wall time of a real profiling run (ProfileEngine + this adapter, built) over many tables,
//     per worker count; best of two runs, since the machine may be shared.
// Run: npm run build (or tsc -p packages/adapter-duckdb) and then
//      node packages/adapter-duckdb/scripts/measure-concurrency.mjs [tables] [rows]
// and again with UV_THREADPOOL_SIZE=8 to see the first part follow the pool size.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ProfileEngine, validateConfig } from '@baselinr/core';
import { adapter, duckdbLimits } from '../dist/index.js';

const TABLES = Number(process.argv[2] ?? 24);
const ROWS = Number(process.argv[3] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'baselinr-duckdb-measure-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function executingAtOnce(instance, started) {
  const connections = await Promise.all(Array.from({ length: started }, () => instance.connect()));
  const pipes = connections.map((_, i) => join(dir, `pipe_${started}_${i}.csv`));
  for (const pipe of pipes) execFileSync('mkfifo', [pipe]);
  const runs = connections.map((c, i) => c.runAndReadAll(`SELECT COUNT(*) FROM read_csv('${pipes[i]}', columns = {'x': 'INTEGER'}, header = false)`));
  await sleep(1000);
  const tryOpen = (pipe) => {
    try {
      return openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch {
      return undefined;
    }
  };
  const open = pipes.map(tryOpen);
  const executing = open.filter((fd) => fd !== undefined).length;
  const finish = (fd) => {
    writeSync(fd, '1\n');
    closeSync(fd);
  };
  for (const fd of open) if (fd !== undefined) finish(fd);
  for (const [i, pipe] of pipes.entries()) {
    if (open[i] !== undefined) continue;
    let fd = tryOpen(pipe);
    while (fd === undefined) {
      await sleep(20);
      fd = tryOpen(pipe);
    }
    finish(fd);
  }
  await Promise.all(runs);
  for (const c of connections) c.closeSync();
  return executing;
}

async function buildWarehouse(file) {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  for (let t = 0; t < TABLES; t++) {
    await c.run(`CREATE TABLE t_${t} AS SELECT i AS id, (i * 7919) % 100003 AS k, random() AS f, md5(i::VARCHAR) AS s,
      TIMESTAMP '2024-01-01' + to_seconds(i) AS at, (i % 1000) / 10 :: DECIMAL(10, 1) AS d, i % 3 = 0 AS b FROM range(${ROWS}) r(i)`);
  }
  c.closeSync();
  instance.closeSync();
}

/** Wall and CPU seconds of one profiling run; CPU time shows overhead that a busy machine hides in wall time. */
async function profileRun(file, workers, threads) {
  const config = validateConfig({
    source: { type: 'duckdb', filepath: file, extra_params: threads ? { threads } : {} },
    storage: { connection: { type: 'duckdb', filepath: join(dir, `results_${workers}_${Math.random()}.duckdb`) } },
    execution: { max_workers: workers },
  });
  // The ceiling (and the pool with it) is lifted to 64 so the run goes where the measurement asks, as
  // if the libuv pool had 65 threads; the declared limits are reported below.
  const lifted = { ...adapter, limits: () => duckdbLimits(65) };
  const began = performance.now();
  const cpu = process.cpuUsage();
  const result = await new ProfileEngine(config, { adapters: { duckdb: lifted } }).profile();
  if (result.failed > 0) throw new Error(`${result.failed} tables failed`);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - began) / 1000, cpu: (used.user + used.system) / 1e6 };
}

async function bestOfTwo(file, workers, threads) {
  const [a, b] = [await profileRun(file, workers, threads), await profileRun(file, workers, threads)];
  return a.wall <= b.wall ? a : b;
}

const pool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
console.log(`node ${process.version}, ${cpus().length} CPUs, UV_THREADPOOL_SIZE=${pool}, DuckDB threads = CPUs (default)`);
const probe = await DuckDBInstance.create(':memory:');
console.log('\n1. statements executing at once (one instance, one connection per statement)');
for (const started of [1, 2, 3, 4, 6, 8]) console.log(`   started ${started}: executing ${await executingAtOnce(probe, started)}`);
probe.closeSync();

const file = join(dir, 'warehouse.duckdb');
await buildWarehouse(file);
console.log(`\n2. profiling ${TABLES} tables x ${ROWS} rows x 7 columns (best of 2 runs; wall and CPU seconds)`);
for (const threads of [undefined, 1]) {
  console.log(`   DuckDB threads: ${threads ?? `default (${cpus().length})`}`);
  let base;
  for (const workers of [1, 2, 3, 4, 6, 8]) {
    const { wall, cpu } = await bestOfTwo(file, workers, threads);
    base ??= wall;
    console.log(`     workers ${workers}: ${wall.toFixed(2)} s wall (x${(base / wall).toFixed(2)}), ${cpu.toFixed(2)} s CPU`);
  }
}
const declared = adapter.limits({ type: 'duckdb', extra_params: {} });
console.log(`\ndeclared: ceiling ${declared.ceiling.workers}, recommended ${declared.recommended.min}-${declared.recommended.max}`);
rmSync(dir, { recursive: true, force: true });

import dns from 'node:dns';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_offline');
  store = tempDir();
  await admin.query(`CREATE TABLE ${dataset.q}.t AS SELECT g AS id FROM generate_series(1, 3) g`);
  fake = await FakeBigQuery.start({ pg: PG });
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

/**
 * Where a Socket#connect call goes: `connect(port, host)` (pg), `connect(options)`, or Node's own
 * normalised `[options, callback]` (net.createConnection, used by HTTP agents). An absent host is
 * Node's default, localhost.
 */
function destination(args: unknown[]): string {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first;
  if (typeof options === 'object' && options !== null) return String((options as net.TcpNetConnectOpts).host ?? 'localhost');
  return typeof second === 'string' ? second : 'localhost';
}

describe('offline', () => {
  it('a whole run, token exchange included, opens sockets to loopback only and resolves no host name', async () => {
    const hosts: string[] = [];
    const original = net.Socket.prototype.connect;
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      hosts.push(destination(args));
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    });
    const lookups = vi.spyOn(dns, 'lookup');
    try {
      const result = await bigqueryEngine(engineConfig({ source: bigquerySource(fake, dataset.name) }, store.path)).profile();
      expect(result.succeeded).toBe(1);
    } finally {
      connect.mockRestore();
      lookups.mockRestore();
    }
    expect(fake.requests.some((r) => r.endpoint === 'token')).toBe(true);
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
    expect(lookups.mock.calls.map((c) => c[0]).filter((h) => h !== '127.0.0.1')).toEqual([]);
  });
});

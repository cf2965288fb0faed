import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectionSchema, poolPolicy, type ConnectionConfig, type TableRef, type WarehouseAdapter, type WarehouseSession } from '@baselinr/core';
import type { AdapterConformance, ConnectionInput, Feature, TestNamespace } from '../harness.js';

const DEFAULT_TIMEOUT_MS = 120_000;

/** What every group of checks shares: the subject, its skip list, and namespaces opened and closed around the group. */
export class SuiteContext {
  readonly timeout: number;
  readonly name: string;

  constructor(readonly subject: AdapterConformance) {
    this.timeout = subject.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.name = subject.name ?? subject.adapter.type;
  }

  skipReason(feature: Feature): string | undefined {
    return this.subject.skip?.[feature];
  }

  /** A describe block for one feature; a skipped feature shows as one skipped test that says why. */
  group(feature: Feature, title: string, body: () => void): void {
    const reason = this.skipReason(feature);
    describe(`${feature}: ${title}`, () => {
      if (reason) it.skip(`skipped: ${reason}`, () => undefined);
      else body();
    });
  }

  test(title: string, fn: () => Promise<void> | void, feature?: Feature): void {
    const reason = feature && this.skipReason(feature);
    if (reason) it.skip(`${title} (skipped, ${feature}: ${reason})`, () => undefined);
    else it(title, fn, this.timeout);
  }

  /** A check that does not apply to this adapter, shown as skipped with why. */
  notApplicable(title: string): void {
    it.skip(title, () => undefined);
  }

  /** A test that fails because the harness lacks something the feature needs, saying how to give it or skip it. */
  missing(feature: Feature, what: string): void {
    it(`${feature}: needs ${what}`, () => {
      throw new Error(`give ${what} to describeAdapter, or skip it with skip: { '${feature}': 'why the warehouse cannot' }`);
    });
  }

  /**
   * Opens a fresh namespace before the group's tests and closes it after; `prepare` loads its fixtures.
   * Returns an accessor, valid inside tests.
   */
  namespace(purpose: string, prepare: (ns: TestNamespace) => Promise<void> = async () => undefined): () => TestNamespace {
    let ns: TestNamespace | undefined;
    beforeAll(async () => {
      ns = await this.subject.open(purpose);
      await prepare(ns);
    }, this.timeout);
    afterAll(async () => {
      await ns?.close();
    }, this.timeout);
    return () => {
      if (!ns) throw new Error(`namespace ${purpose} is not open`);
      return ns;
    };
  }

  /** A session for direct checks, closed by the caller. */
  connect(ns: TestNamespace, runId: string, workers = 1): Promise<WarehouseSession> {
    const { adapter } = this.subject;
    const connection = parseConnection(ns.connection);
    return adapter.connect(connection, { policy: poolPolicy(adapter.limits(connection).pool, workers), runId });
  }
}

export function parseConnection(input: ConnectionInput): ConnectionConfig {
  return connectionSchema.parse(input);
}

export function ref(ns: TestNamespace, table: string): TableRef {
  return { schema: ns.schema, table };
}

/** Rows of an execute result, whichever shape the adapter returned. */
export function rowsOf(result: Awaited<ReturnType<WarehouseSession['execute']>>) {
  return Array.isArray(result) ? result : result.rows;
}

/** Polls `condition` every 25 ms until it holds or `ms` pass; returns whether it held. */
export async function eventually(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The most workers a run on `connection` can get: the adapter's ceiling, or what its pool lets run at once. */
export function workerLimit(adapter: WarehouseAdapter, connection: ConnectionConfig): number {
  const limits = adapter.limits(connection);
  const pooled = limits.pool.kind === 'connections' ? limits.pool.maxConnections - limits.pool.spare : Number.POSITIVE_INFINITY;
  return Math.min(limits.ceiling?.workers ?? Number.POSITIVE_INFINITY, pooled);
}

import type { ConnectOptions, ConnectionConfig, QueryResult } from '@baselinr/core';
import { applicationName, createPool, StatementRunner } from '@baselinr/adapter-postgres/wire';
import type { NamedParameter, StatementExecutor } from './statement-executor.js';
import { wirePoolConfig } from './wire-options.js';

/**
 * Settings every connection gets before first use, whatever the user's or cluster's defaults:
 * min/max of timestamps are stored as text, so a cluster whose timezone or datestyle changes
 * between runs would otherwise show drift where the data did not. Redshift knows no IntervalStyle.
 */
const REDSHIFT_SESSION_SETTINGS: Readonly<Record<string, string>> = { timezone: 'UTC', datestyle: 'ISO, MDY' };

/** Catalog placeholders (`:s0`), written by catalog.ts: its SQL has no literal or cast with a colon. */
const PLACEHOLDER = /(?<![:\w]):([A-Za-z_]\w*)/g;

/** A catalog statement's named placeholders as PostgreSQL's positional `$n`, with the values in order. */
export function toPositional(sql: string, parameters: readonly NamedParameter[]): { text: string; values: string[] } {
  if (parameters.length === 0) return { text: sql, values: [] };
  const byName = new Map(parameters.map((p) => [p.name, p.value]));
  const order: string[] = [];
  const text = sql.replace(PLACEHOLDER, (whole, name: string) => {
    if (!byName.has(name)) return whole;
    let index = order.indexOf(name);
    if (index === -1) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, values: order.map((name) => byName.get(name)!) };
}

/**
 * Statements over the PostgreSQL wire protocol with pg, as Baselinr's Python Redshift adapter
 * connects: one pooled connection per running statement, cancelled with pg_cancel_backend,
 * sharing the PostgreSQL adapter's driver code.
 */
export async function openWireExecutor(connection: ConnectionConfig, options: ConnectOptions): Promise<StatementExecutor> {
  const config = wirePoolConfig(connection, { size: options.policy.size, applicationName: applicationName(options.runId) });
  const runner = new StatementRunner(createPool(config, REDSHIFT_SESSION_SETTINGS, { checkClientConnection: false }));
  try {
    // Fails fast, before any discovery, on a wrong host, database or password.
    await runner.query('SELECT 1', [], options.signal);
  } catch (err) {
    await runner.close().catch(() => undefined);
    throw err;
  }
  return {
    async run(sql, parameters, signal): Promise<QueryResult> {
      const { text, values } = toPositional(sql, parameters);
      return { rows: await runner.query(text, values, signal) };
    },
    close: () => runner.close(),
  };
}

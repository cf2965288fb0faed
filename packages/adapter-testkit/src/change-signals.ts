import { tableKey, type ChangeSignal, type WarehouseSession } from '@baselinr/core';

/**
 * Runs a write on PostgreSQL (the warehouse, or the engine under a fake), then makes that backend
 * publish its table counters before it answers again (pg_stat_force_next_flush): a change signal
 * read right after sees the write.
 */
export async function writeAndFlushStatistics(client: { query(sql: string): Promise<unknown> }, sql: string): Promise<void> {
  await client.query(sql);
  await client.query('SELECT pg_stat_force_next_flush()');
}

/** One table's change signal as the session reads it; undefined when the warehouse reported nothing for it. */
export async function changeSignalOf(session: Pick<WarehouseSession, 'changeSignals'>, schema: string, table: string): Promise<ChangeSignal | undefined> {
  if (!session.changeSignals) throw new Error('this session offers no change signal');
  return (await session.changeSignals([{ schema, table }])).get(tableKey({ schema, table }));
}

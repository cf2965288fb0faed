import { randomUUID } from 'node:crypto';

/**
 * A PostgreSQL database only one test file uses, created and dropped through `client` (a pg
 * client on any database of the server): a fake warehouse run on it lists every schema without
 * seeing other files' schemas, or a table another file drops while it is being listed.
 */
export async function createPgTestDatabase(client: { query(sql: string): Promise<unknown> }, prefix: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await client.query(`CREATE DATABASE "${name}"`);
  return { name, drop: async () => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

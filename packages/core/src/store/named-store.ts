import type { ConnectionConfig } from '../config/schema.js';
import type { ResultsStore } from './contract.js';

/**
 * Where a store is, for people and messages: `sqlite /path/results.db`, or a server's
 * `postgres user@host:port/database`. Built from chosen fields only, so no password or token can
 * be part of it.
 */
export function storeLocation(connection: ConnectionConfig): string {
  const file = connection.filepath ?? (connection.type === 'sqlite' || connection.type === 'duckdb' ? connection.database : undefined);
  if (file !== undefined) return `${connection.type} ${file}`;
  const user = connection.username ? `${connection.username}@` : '';
  const host = connection.host ?? connection.account ?? connection.project ?? 'default host';
  const port = connection.port ? `:${connection.port}` : '';
  const database = connection.database ? `/${connection.database}` : '';
  return `${connection.type} ${user}${host}${port}${database}`;
}

/**
 * Opens a store whose every error (opening it, and any read or write later) names it:
 * "unable to open database file" alone does not say which file. Errors are amended in place so
 * their class (and a WarehouseError's kind) is kept.
 */
export async function openNamedStore(location: string, open: () => Promise<ResultsStore>): Promise<ResultsStore> {
  const prefix = `results store ${location}: `;
  const named = (err: unknown): unknown => {
    if (err instanceof Error && !err.message.startsWith(prefix)) err.message = prefix + err.message;
    return err;
  };
  let store: ResultsStore;
  try {
    store = await open();
  } catch (err) {
    throw named(err);
  }
  // Every method of the store, whatever the adapter added: a proxy rather than a list to keep in step.
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(named(err))) : result;
        } catch (err) {
          throw named(err);
        }
      };
    },
  });
}

import type { ConnectionConfig } from '../config/schema.js';
import type { ResultsStore } from './contract.js';

/** Where a store is, for messages: a file's path, or type, host and database. Never a credential. */
export function storeLocation(connection: ConnectionConfig): string {
  const file = connection.filepath ?? (connection.type === 'sqlite' || connection.type === 'duckdb' ? connection.database : undefined);
  if (file !== undefined) return file;
  const server = [connection.host ?? connection.account ?? connection.project, connection.port].filter((p) => p !== undefined).join(':');
  return `${connection.type} ${server}${connection.database ? `/${connection.database}` : ''}`.trim();
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

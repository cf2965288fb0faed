import pg from 'pg';
import { HEADROOM_SQL } from './warm-up.js';

/**
 * Settings applied to every connection of a run, whatever the role's or server's defaults:
 * min/max of timestamptz columns are stored as text, so a server whose TimeZone or DateStyle
 * changes between runs would otherwise show drift where the data did not change.
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  TimeZone: 'UTC',
  DateStyle: 'ISO',
  IntervalStyle: 'postgres',
};

/**
 * On PostgreSQL 14+, the server checks every few seconds that the client of a running statement
 * is still there, and ends the statement if not: a Baselinr killed with `kill -9` cannot cancel,
 * and its statements would otherwise run to their end. Older servers lack the setting; the
 * version test keeps the statement valid there.
 */
const CHECK_CLIENT_CONNECTION = "CASE WHEN current_setting('server_version_num')::int >= 140000 THEN set_config('client_connection_check_interval', '2000', false) END";

export interface PoolOptions {
  /**
   * Ask PostgreSQL 14+ to end statements whose client is gone (default true). Off for servers
   * that only speak the protocol (Redshift), which lack server_version_num.
   */
  readonly checkClientConnection?: boolean;
  /**
   * Called once, with the first connection's headroom (see warm-up.ts; undefined where the server
   * hides the counts), read in the same round trip as its session settings; later connections
   * skip the reading. Not called if those settings fail. PostgreSQL only: it reads pg_roles and
   * pg_stat_activity.
   */
  readonly onHeadroom?: (connectionsLeft: number | undefined) => void;
  /**
   * Send the settings without waiting for their answer (pg's pipeline mode): the connection's
   * first statement goes out behind them and both come back in one round trip, instead of the
   * settings costing every new connection a round trip of its own. The settings still run
   * first (the server executes a connection's messages in order); `sessionSettingsApplied`
   * tells whether they succeeded. Off for pools whose users await nothing of it (the results
   * store) and for servers that only speak the protocol (Redshift).
   */
  readonly pipelined?: boolean;
}

/** The settings each pipelined connection was sent at connect; settled once they ran. */
const settingsInFlight = new WeakMap<pg.ClientBase, Promise<void>>();

/**
 * Resolves once `client`'s session settings have run on the server, and rejects if they failed:
 * a statement that ran behind failed settings ran under the server's defaults, so its result
 * and the connection must be thrown away. Immediate for connections whose settings were awaited.
 */
export function sessionSettingsApplied(client: pg.ClientBase): Promise<void> {
  return settingsInFlight.get(client) ?? Promise.resolve();
}

/**
 * A pg pool whose connections get `settings` before first use. They are applied with
 * set_config in pg-pool's onConnect hook (awaited before the connection is handed out, or sent
 * ahead of its first statement when `pipelined`) rather than the startup `options` packet, which
 * PgBouncer refuses and which would need its own escaping for values such as a search_path
 * with spaces.
 */
export function createPool(config: pg.PoolConfig, settings: Readonly<Record<string, string>>, options: PoolOptions = {}): pg.Pool {
  const entries = Object.entries(settings);
  const checks = options.checkClientConnection === false ? [] : [CHECK_CLIENT_CONNECTION];
  const select = [...entries.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`), ...checks].join(', ');
  const values = entries.flat();
  let reportHeadroom = options.onHeadroom;
  const apply = async (client: pg.ClientBase): Promise<void> => {
    const report = reportHeadroom;
    reportHeadroom = undefined;
    const { rows } = await client.query({ text: report ? `SELECT ${select}, ${HEADROOM_SQL} AS headroom` : `SELECT ${select}`, values });
    const left = rows[0]?.headroom;
    report?.(left === null || left === undefined ? undefined : Number(left));
  };
  const pool = new pg.Pool({
    ...config,
    ...(options.pipelined ? { pipeline: true } : {}),
    onConnect: async (client) => {
      // A socket error while a client is checked out but between queries is emitted on the
      // client; without a listener Node would crash the process. The failed client is then
      // discarded by the pool on release or reported to the waiting query.
      client.on('error', () => undefined);
      if (!options.pipelined) return apply(client);
      const applying = apply(client);
      // Observed by the statements that use the connection; unobserved until then.
      applying.catch(() => undefined);
      settingsInFlight.set(client, applying);
    },
  });
  // Idle connections closed by the server (restart, idle timeout, pg_terminate_backend) emit
  // here; the pool drops them and opens fresh ones on demand, so there is nothing else to do.
  pool.on('error', () => undefined);
  return pool;
}

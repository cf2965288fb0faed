import { startProxy } from '@baselinr/tcp-proxy';
import type { Endpoint } from './warehouse/warehouse.js';

/**
 * Runs `use` with a loopback proxy in front of `server` that delays every chunk by `latencyMs`
 * in each direction (a round trip costs 2 x latencyMs), standing in for a remote warehouse.
 * With latency 0 the client talks to the server directly: no proxy hop to measure.
 */
export async function withLatencyProxy<T>(server: Endpoint, latencyMs: number, use: (via: Endpoint) => Promise<T>): Promise<T> {
  if (latencyMs <= 0) return use(server);
  const proxy = await startProxy({ targetHost: server.host, targetPort: server.port, latencyMs });
  try {
    return await use({ host: '127.0.0.1', port: proxy.port });
  } finally {
    await proxy.close();
  }
}

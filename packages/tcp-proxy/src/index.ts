import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyOptions {
  /** Where connections go, e.g. PostgreSQL on 127.0.0.1:5432. */
  readonly targetHost: string;
  readonly targetPort: number;
  /** Delay added to every chunk in each direction, so one round trip costs 2 x latencyMs. */
  readonly latencyMs?: number;
  /** Listen port on 127.0.0.1; 0 picks a free one. */
  readonly port?: number;
  /** Sees every chunk as it arrives, before its delay: which way it goes and how many bytes. */
  readonly onChunk?: (direction: 'to-server' | 'to-client', bytes: number) => void;
}

export interface TcpProxy {
  readonly port: number;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  /** Destroys every open connection now (both sides), as a network failure would. */
  dropAll(): number;
  /** Destroys the connection that has carried the most bytes most recently: a mid-query failure. */
  dropBusiest(): boolean;
  close(): Promise<void>;
}

interface Link {
  readonly client: Socket;
  readonly server: Socket;
  lastActivity: number;
}

/**
 * A loopback TCP proxy. Latency stands in for a remote warehouse (profiling becomes I/O
 * bound, as it is against cloud warehouses); drops stand in for a flaky network. Order of
 * bytes is preserved: each direction's delayed chunks are written in arrival order.
 */
export async function startProxy(options: ProxyOptions): Promise<TcpProxy> {
  const latency = options.latencyMs ?? 0;
  const links = new Set<Link>();
  const pipe = (from: Socket, to: Socket, link: Link, direction: 'to-server' | 'to-client') => {
    from.on('data', (chunk) => {
      link.lastActivity = performance.now();
      options.onChunk?.(direction, chunk.length);
      if (latency === 0) to.write(chunk);
      else setTimeout(() => to.destroyed || to.write(chunk), latency);
    });
  };
  const server = createServer((client) => {
    const upstream = connect(options.targetPort, options.targetHost);
    const link: Link = { client, server: upstream, lastActivity: performance.now() };
    links.add(link);
    pipe(client, upstream, link, 'to-server');
    pipe(upstream, client, link, 'to-client');
    const close = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const drop = (link: Link) => {
    links.delete(link);
    link.client.destroy();
    link.server.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    get openConnections() {
      return links.size;
    },
    dropAll() {
      const n = links.size;
      for (const link of [...links]) drop(link);
      return n;
    },
    dropBusiest() {
      const busiest = [...links].sort((a, b) => b.lastActivity - a.lastActivity)[0];
      if (busiest) drop(busiest);
      return busiest !== undefined;
    },
    close() {
      for (const link of [...links]) drop(link);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

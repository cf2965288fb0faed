import { createServer, type Server } from 'node:http';
import { ConfigError, type BaselinrMetrics } from '@baselinr/core';
import { Pushgateway } from 'prom-client';

/** Serves `/metrics`; a port already in use is a config problem, reported before profiling starts. */
export async function startMetricsServer(metrics: BaselinrMetrics, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (err: Error) => response.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new ConfigError(`monitoring.port: port ${port} is already in use; choose another port or set monitoring.enable_metrics: false`) : err),
    );
    server.listen(port, host, resolve);
  });
  return server;
}

export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Pushes the run's metrics to a Pushgateway (for batch jobs nothing scrapes). */
export async function pushMetrics(metrics: BaselinrMetrics, url: string, job: string): Promise<void> {
  await new Pushgateway(url, { timeout: 10_000 }, metrics.registry).pushAdd({ jobName: job });
}

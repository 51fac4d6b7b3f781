import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from './config';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the text `collect()` resolves to at `path` (Prometheus' text format, from prom-client),
 * and 404 elsewhere. A collect that fails answers 500 with the reason: a scrape never hangs on it.
 */
export async function startMetricsServer(
  config: Pick<MetricsConfig, 'host' | 'port' | 'path'>,
  collect: () => Promise<{ contentType: string; body: string }>,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.url ?? '').split('?')[0] !== config.path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    collect().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}${config.path}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

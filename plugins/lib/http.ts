import { startHttpServer, type HttpServer } from '../../src/http';
import { startMetricsServer } from '../../src/metrics';
import type { Runtime } from './runtime';

export interface Served {
  close(): Promise<void>;
}

type Collect = () => Promise<{ contentType: string; body: string }>;

/**
 * The one listener of this process: with bounceguard-http.ini enabled, the API, the dashboard and
 * the metrics (when enabled, at their path) on the HTTP listener; else the metrics alone on theirs.
 * Each reads the runtime on every request, so a reopened store or reloaded config needs no restart.
 */
export async function startServing(plugin: Haraka.Plugin, rt: Runtime, collect: Collect): Promise<Served | null> {
  const { http, metrics } = rt.config.current;
  if (http?.enabled) {
    let server: HttpServer;
    try {
      server = await startHttpServer(http, {
        suppression: () => rt.suppression,
        throttle: () => rt.config.current.throttle ?? null,
        metrics: metrics?.enabled ? { path: metrics.path, collect } : null,
        log: (level, message) => (level === 'error' ? plugin.logerror(message) : level === 'warn' ? plugin.logwarn(message) : plugin.loginfo(message)),
      });
    } catch (err) {
      plugin.logerror(`bounceguard: http disabled: cannot listen on ${http.host}:${http.port}: ${(err as Error).message}`);
      return null;
    }
    const tokens = http.tokens.length ? `${http.tokens.length} tokens` : 'no token: loopback only';
    plugin.loginfo(`bounceguard: http api and dashboard on ${server.url} (${tokens})`);
    if (metrics?.enabled) plugin.loginfo(`bounceguard: metrics on ${server.url.replace(/\/$/, '')}${metrics.path} (the http listener; [metrics] listen is not used)`);
    return server;
  }
  if (!metrics?.enabled) return null;
  try {
    const server = await startMetricsServer(metrics, collect);
    plugin.loginfo(`bounceguard: metrics on ${server.url}`);
    return server;
  } catch (err) {
    plugin.logerror(`bounceguard: metrics disabled: cannot listen on ${metrics.host}:${metrics.port}: ${(err as Error).message}`);
    return null;
  }
}

import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { HTTP_FILE, METRICS_FILE } from '../../src/config';
import { BounceguardMetrics } from '../../src/metrics';
import { startServing, type Served } from './http';
import { onConfigReload, runtime, type HarakaServer } from './runtime';

/** This process's counters: the hooks of all three plugins count into it. */
export const metrics = new BounceguardMetrics();

let started: Promise<void> | undefined;
let server: Served | null = null;
/** The settings the running server was started with: a reload that leaves them alone keeps it (and its port). */
let servedWith = '';
/** Restarts run one after another; none runs after stopMetrics(). */
let restarts = Promise.resolve();
let stopped = false;
let unsubscribe: (() => void) | undefined;

/**
 * From every bounceguard plugin's init_master/init_child hook; acts once a process. A cluster
 * worker (nodes=N) answers the master's requests for its figures; the master, or the only process,
 * serves them over HTTP when bounceguard-metrics.ini enables it, summed over the workers, on the
 * listener of the HTTP API when bounceguard-http.ini enables that.
 */
export function initMetrics(plugin: Haraka.Plugin, haraka?: HarakaServer): Promise<void> {
  stopped = false;
  started ??= cluster.isWorker ? joinCluster() : serve(plugin, Boolean(haraka?.cluster));
  return started;
}

/** Stops serving (Haraka shutdown, tests). */
export async function stopMetrics(): Promise<void> {
  stopped = true;
  started = undefined;
  unsubscribe?.();
  await restarts;
  const running = server;
  server = null;
  await running?.close();
}

async function joinCluster(): Promise<void> {
  // Constructing an AggregatorRegistry is what makes a worker answer the master's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

async function serve(plugin: Haraka.Plugin, clustered: boolean): Promise<void> {
  const aggregator = clustered ? new AggregatorRegistry() : null;
  const collect = async () => {
    if (aggregator && Object.keys(cluster.workers ?? {}).length > 0) {
      return { contentType: aggregator.contentType, body: await aggregator.clusterMetrics() };
    }
    return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
  };
  const queueRestart = () => {
    restarts = restarts.then(restart).catch((err: Error) => plugin.logerror(`bounceguard: restarting metrics and http failed: ${err.message}`));
    return restarts;
  };
  const restart = async () => {
    if (stopped) return;
    // The runtime reads the files, keeps the last good settings and logs what is wrong with them.
    const rt = await runtime(plugin);
    const settings = JSON.stringify([rt.config.current.http, rt.config.current.metrics]);
    if (server && settings === servedWith) return;
    await server?.close();
    server = null;
    server = await startServing(plugin, rt, collect);
    servedWith = settings;
  };
  unsubscribe = onConfigReload((file) => {
    if (file === METRICS_FILE || file === HTTP_FILE) void queueRestart();
  });
  await queueRestart();
}

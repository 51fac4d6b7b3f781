import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { METRICS_FILE } from '../../src/config';
import { BounceguardMetrics, startMetricsServer, type MetricsServer } from '../../src/metrics';
import { onConfigReload, runtime, type HarakaServer } from './runtime';

/** This process's counters: the hooks of all three plugins count into it. */
export const metrics = new BounceguardMetrics();

let started: Promise<void> | undefined;
let server: MetricsServer | null = null;
/** Restarts run one after another; none runs after stopMetrics(). */
let restarts = Promise.resolve();
let stopped = false;
let unsubscribe: (() => void) | undefined;

/**
 * From every bounceguard plugin's init_master/init_child hook; acts once a process. A cluster
 * worker (nodes=N) answers the master's requests for its figures; the master, or the only process,
 * serves them over HTTP when bounceguard-metrics.ini enables it, summed over the workers.
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
    restarts = restarts.then(restart).catch((err: Error) => plugin.logerror(`bounceguard: restarting metrics failed: ${err.message}`));
    return restarts;
  };
  const restart = async () => {
    if (stopped) return;
    // The runtime reads the file, keeps the last good settings and logs what is wrong with it.
    const config = (await runtime(plugin)).config.current.metrics;
    await server?.close();
    server = null;
    if (!config?.enabled) return;
    try {
      server = await startMetricsServer(config, collect);
      plugin.loginfo(`bounceguard: metrics on ${server.url}`);
    } catch (err) {
      plugin.logerror(`bounceguard: metrics disabled: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    }
  };
  unsubscribe = onConfigReload((file) => {
    if (file === METRICS_FILE) void queueRestart();
  });
  await queueRestart();
}

import { initMetrics, stopMetrics } from './metrics';
import { once } from './once';
import { closeRuntime, runtime, type HarakaServer } from './runtime';

/**
 * The init_master / init_child hook of every bounceguard plugin: opens the shared runtime (and
 * `more`, a plugin's own part of it) and the metrics, then answers once; a failure is logged and
 * Haraka starts anyway.
 */
export function initPlugin(plugin: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer, more?: () => Promise<unknown>): void {
  const done = once(next);
  Promise.all([runtime(plugin, server).then(more), initMetrics(plugin, server)])
    .then(() => done())
    .catch((err: Error) => { plugin.logerror(`bounceguard: ${err.message}`); done(); });
}

/** Haraka's shutdown of a plugin: closes the store and stops serving metrics. */
export function shutdownPlugin(plugin: Haraka.Plugin): void {
  Promise.all([closeRuntime(), stopMetrics()]).catch((err: Error) => plugin.logerror(`bounceguard: shutting down: ${err.message}`));
}

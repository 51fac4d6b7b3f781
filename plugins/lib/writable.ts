import { watchWritable, writableTargets, type Logger, type StoreConfig, type WritableWatch } from '../../src/store';
import { metrics } from './metrics';

let watching: { key: string; watch: WritableWatch } | null = null;

/**
 * Probes the files of the store in use for writing as the user Haraka runs as, now, after it drops
 * privileges (smtp.ini user=/group=) and every probe_interval_ms, counting failures in metrics; when they become writable
 * again `onWritable` reopens the store (a store that failed to open stays closed until then).
 * Null stops watching. One store a process, so one watch.
 */
export function watchStoreFiles(config: StoreConfig | null, log?: Logger, onWritable?: () => void): void {
  const targets = config ? writableTargets(config) : [];
  const key = JSON.stringify(targets);
  if (watching?.key === key) return;
  watching?.watch.stop();
  watching = null;
  if (!config || !log) return;
  const watch = watchWritable(targets, {
    log, intervalMs: config.probeIntervalMs, onUnwritable: (p) => metrics.storeUnwritable(p.what), onWritable,
  });
  watching = { key, watch };
}

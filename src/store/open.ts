import { withDeadline } from '../util/budget';
import type { StoreConfig } from './config';
import type { RedisLike } from './redis';
import type { Logger } from './resilient';
import type { Clock, SuppressionStore } from './types';

export interface OpenStoreOptions {
  now?: Clock;
  /** haraka-plugin-redis's client, when that plugin is loaded: shared instead of a new connection. */
  redisClient?: RedisLike;
  /**
   * Wrap in the time budget and spool, and the lookup cache (the delivery path); the CLI wants
   * plain errors and fresh answers instead.
   */
  resilient?: boolean;
  log?: Logger;
  /** Wait this long for Redis to connect and fail if it does not (the CLI). */
  waitReadyMs?: number;
}

/*
 * Each backend and wrapper is loaded only when opened: a command on SQLite never compiles the
 * Redis client, and the CLI opens its store without the delivery path's wrappers.
 */

/** Opens the backend the config names. */
export async function openStore(config: StoreConfig, opts: OpenStoreOptions = {}): Promise<SuppressionStore> {
  const { store, ready } = await openBackend(config, opts);
  if (!opts.resilient) return store;
  const { ResilientStore } = await import('./resilient');
  const resilient = new ResilientStore(store, {
    timeoutMs: config.timeoutMs,
    spoolPath: config.spoolPath,
    probeIntervalMs: config.probeIntervalMs,
    log: opts.log,
    now: opts.now,
  });
  // A Redis that connects after start-up is used at once rather than at the next probe.
  ready.then(() => resilient.probe(), () => undefined);
  if (config.lookupCacheSize === 0 || config.lookupCacheTtlMs === 0) return resilient;
  const { CachedStore } = await import('./cached');
  return new CachedStore(resilient, { maxEntries: config.lookupCacheSize, ttlMs: config.lookupCacheTtlMs, now: opts.now });
}

type Opened = { store: SuppressionStore; ready: Promise<unknown> };

async function openBackend(config: StoreConfig, opts: OpenStoreOptions): Promise<Opened> {
  switch (config.backend) {
    case 'memory': {
      const { MemoryStore } = await import('./memory');
      return { store: new MemoryStore(opts.now), ready: Promise.resolve() };
    }
    case 'sqlite': {
      const { SqliteStore } = await import('./sqlite');
      const store = new SqliteStore({ path: config.sqlitePath, busyTimeoutMs: config.sqliteBusyTimeoutMs, now: opts.now });
      return { store, ready: Promise.resolve() };
    }
    case 'redis':
      return openRedis(config, opts);
  }
}

async function openRedis(config: StoreConfig, opts: OpenStoreOptions): Promise<Opened> {
  const { openRedisStore } = await import('./redis');
  const opened = openRedisStore({ client: opts.redisClient, url: config.redisUrl, prefix: config.redisPrefix, now: opts.now });
  if (opts.waitReadyMs === undefined) return opened;
  const ms = opts.waitReadyMs;
  try {
    await withDeadline(opened.ready, ms, () => new Error(`no connection within ${ms} ms`));
    return opened;
  } catch (err) {
    await opened.store.close();
    throw new Error(`cannot reach the Redis suppression store at ${config.redisUrl}: ${(err as Error).message}`, { cause: err });
  }
}

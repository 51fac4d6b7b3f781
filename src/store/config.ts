import path from 'node:path';
import { z } from 'zod';
import { MAIN_FILE } from '../config/files';
import { duration, parseSection } from '../config/schema';

const positiveMs = duration('ms').pipe(z.number().int().positive());

const storeSection = z.object({
  backend: z.enum(['memory', 'sqlite', 'redis']).default('sqlite'),
  sqlite_path: z.string().min(1).default('bounceguard.db'),
  sqlite_busy_timeout_ms: duration('ms').pipe(z.number().int().nonnegative()).default(1000),
  redis_url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  redis_prefix: z.string().default('bounceguard:'),
  // A hook waits up to three times this: longer would hold SMTP sessions and outbound deliveries.
  timeout_ms: positiveMs.pipe(z.number().max(5000, 'must be at most 5000ms (a hook waits up to three times this)')).default(50),
  spool_path: z.string().min(1).default('bounceguard.spool'),
  probe_interval_ms: positiveMs.default(5000),
  lookup_cache_size: z.number().int().nonnegative().default(10_000),
  lookup_cache_ttl_ms: duration('ms').pipe(z.number().int().nonnegative()).default(30_000),
}).strict();

export type StoreSection = z.infer<typeof storeSection>;

/** The store config with paths made absolute against the Haraka directory. */
export interface StoreConfig {
  backend: StoreSection['backend'];
  sqlitePath: string;
  sqliteBusyTimeoutMs: number;
  redisUrl: string;
  redisPrefix: string;
  timeoutMs: number;
  spoolPath: string;
  probeIntervalMs: number;
  /** Lookups the delivery path remembers (0: none) and for how long. */
  lookupCacheSize: number;
  lookupCacheTtlMs: number;
}

/** Validates the `[store]` section; `baseDir` anchors relative paths (the Haraka directory). */
export function parseStoreConfig(ini: Record<string, unknown>, baseDir: string): StoreConfig {
  const s = parseSection(storeSection, ini.store, MAIN_FILE, 'store');
  return {
    backend: s.backend,
    sqlitePath: path.resolve(baseDir, s.sqlite_path),
    sqliteBusyTimeoutMs: s.sqlite_busy_timeout_ms,
    redisUrl: s.redis_url,
    redisPrefix: s.redis_prefix,
    timeoutMs: s.timeout_ms,
    spoolPath: path.resolve(baseDir, s.spool_path),
    probeIntervalMs: s.probe_interval_ms,
    lookupCacheSize: s.lookup_cache_size,
    lookupCacheTtlMs: s.lookup_cache_ttl_ms,
  };
}

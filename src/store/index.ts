export * from './types';
export { parseStoreConfig, type StoreConfig } from './config';
export { ResilientStore, StoreUnavailableError, type Logger, type LogLevel } from './resilient';
export { watchWritable, writableTargets, type WritableWatch } from './probe';
export { MemoryStore } from './memory';
export { CachedStore } from './cached';
export { SqliteStore } from './sqlite';
export { RedisStore, openRedisStore, type RedisLike } from './redis';
export { openStore, type OpenStoreOptions } from './open';

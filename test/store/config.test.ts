import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { harakaRoot, MAIN_FILE as INI_FILE, openIniReader } from '../../src/config';
import { CachedStore, openStore, ResilientStore, SqliteStore, MemoryStore } from '../../src/store';
import { parseStoreConfig } from '../../src/store/config';
import { parseSuppressConfig } from '../../src/suppress/config';
import { ROOT } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-store-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('store config', () => {
  it('reads the shipped, commented bounceguard.ini as the documented defaults', () => {
    // The repository root doubles as a Haraka dir whose config/ is the shipped defaults.
    const ini = openIniReader(ROOT)(INI_FILE);
    expect(parseStoreConfig(ini, '/haraka')).toEqual({
      backend: 'sqlite', sqlitePath: '/haraka/bounceguard.db', sqliteBusyTimeoutMs: 1000, redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'bounceguard:', timeoutMs: 50, spoolPath: '/haraka/bounceguard.spool', probeIntervalMs: 5000,
      lookupCacheSize: 10_000, lookupCacheTtlMs: 30_000,
    });
    expect(parseSuppressConfig(ini)).toEqual(parseSuppressConfig({}));
  });

  it('keeps the default of a boolean an operator file leaves out', () => {
    const dir = path.join(tmp, 'partial');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', INI_FILE), '[suppress]\nescalate_after=5\n');
    const config = parseSuppressConfig(openIniReader(dir)(INI_FILE));
    expect(config).toMatchObject({ escalateAfter: 5, failOpen: true, caseSensitiveLocalPart: false });
  });

  it('lets an operator Haraka dir override keys, with paths relative to that dir', () => {
    const dir = path.join(tmp, 'haraka');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', INI_FILE), '[store]\nsqlite_path=data/list.db\ntimeout_ms=20\n[suppress]\nfail_open=false\n');
    const ini = openIniReader(dir)(INI_FILE);
    expect(parseStoreConfig(ini, harakaRoot(path.join(dir, 'config')))).toMatchObject({ sqlitePath: path.join(dir, 'data/list.db'), timeoutMs: 20, backend: 'sqlite' });
    expect(parseSuppressConfig(ini).failOpen).toBe(false);
  });

  it('names the section and key of a bad or unknown setting', () => {
    expect(() => parseStoreConfig({ store: { backend: 'mysql' } }, tmp)).toThrow(/^config\/bounceguard\.ini \[store\] backend=mysql: must be one of memory, sqlite, redis$/);
    expect(() => parseStoreConfig({ store: { redis_url: 'localhost:6379' } }, tmp)).toThrow(/\[store\] redis_url=localhost:6379: must be a redis:\/\//);
    expect(() => parseStoreConfig({ store: { timout_ms: 5 } }, tmp)).toThrow(/\[store\] timout_ms=5: unknown key \(did you mean timeout_ms\?\)/);
  });

  it('takes units on every duration, a bare number in the unit the key names', () => {
    const store = parseStoreConfig({ store: { timeout_ms: '50ms', probe_interval_ms: '5s', lookup_cache_ttl_ms: 30 } }, tmp);
    expect([store.timeoutMs, store.probeIntervalMs, store.lookupCacheTtlMs]).toEqual([50, 5000, 30]);
    expect(() => parseStoreConfig({ store: { timeout_ms: '10s' } }, tmp)).toThrow(/timeout_ms=10s: must be at most 5000ms/);
    const suppress = parseSuppressConfig({ suppress: { escalate_window_days: '36h', domain_expiry_days: 2 } });
    expect([suppress.escalateWindowMs, suppress.domainExpiryMs]).toEqual([36 * 3_600_000, 2 * 86_400_000]);
  });

  it('opens the configured backend, wrapped when asked', async () => {
    const memory = await openStore(parseStoreConfig({ store: { backend: 'memory' } }, tmp));
    expect(memory).toBeInstanceOf(MemoryStore);
    const config = parseStoreConfig({ store: { sqlite_path: 'x.db' } }, tmp);
    const sqlite = await openStore(config);
    expect(sqlite).toBeInstanceOf(SqliteStore);
    await sqlite.close();
    const wrapped = await openStore(config, { resilient: true });
    expect(wrapped).toBeInstanceOf(CachedStore);
    await wrapped.close();
    const uncached = await openStore(parseStoreConfig({ store: { sqlite_path: 'x.db', lookup_cache_size: 0 } }, tmp), { resilient: true });
    expect(uncached).toBeInstanceOf(ResilientStore);
    await uncached.close();
    expect(fs.existsSync(path.join(tmp, 'x.db'))).toBe(true);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openIniReader } from '../../src/config/reader';
import { CachedStore, openStore, ResilientStore, SqliteStore, MemoryStore } from '../../src/store';
import { harakaDir, INI_FILE, parseStoreConfig } from '../../src/store/config';
import { INI_BOOLEANS, parseSuppressConfig } from '../../src/suppress/config';
import { ROOT } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-store-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('store config', () => {
  it('reads the shipped, commented bounceguard.ini as the documented defaults', () => {
    // The repository root doubles as a Haraka dir whose config/ is the shipped defaults.
    const ini = openIniReader(ROOT)(INI_FILE, { booleans: INI_BOOLEANS });
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
    const config = parseSuppressConfig(openIniReader(dir)(INI_FILE, { booleans: INI_BOOLEANS }));
    expect(config).toMatchObject({ escalateAfter: 5, failOpen: true, caseSensitiveLocalPart: false });
  });

  it('lets an operator Haraka dir override keys, with paths relative to that dir', () => {
    const dir = path.join(tmp, 'haraka');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', INI_FILE), '[store]\nsqlite_path=data/list.db\ntimeout_ms=20\n[suppress]\nfail_open=false\n');
    const ini = openIniReader(dir)(INI_FILE, { booleans: INI_BOOLEANS });
    expect(parseStoreConfig(ini, harakaDir(path.join(dir, 'config')))).toMatchObject({ sqlitePath: path.join(dir, 'data/list.db'), timeoutMs: 20, backend: 'sqlite' });
    expect(parseSuppressConfig(ini).failOpen).toBe(false);
  });

  it('names the section and key of a bad or unknown setting', () => {
    expect(() => parseStoreConfig({ store: { backend: 'mysql' } }, tmp)).toThrow(/bounceguard\.ini \[store\]: backend: /);
    expect(() => parseStoreConfig({ store: { redis_url: 'localhost:6379' } }, tmp)).toThrow(/\[store\]: redis_url: must be a redis:\/\//);
    expect(() => parseStoreConfig({ store: { timout_ms: 5 } }, tmp)).toThrow(/\[store\].*timout_ms/);
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

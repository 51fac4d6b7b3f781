import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { parseStoreConfig } from '../../src/store/config';
import { openRedisStore } from '../../src/store/redis';
import { ResilientStore, type LogLevel } from '../../src/store/resilient';
import type { SuppressionEntry } from '../../src/store/types';
import { parseSuppressConfig } from '../../src/suppress/config';
import { SuppressionPolicy } from '../../src/suppress/policy';
import { redisServerAvailable, startRedis, type TestRedis } from '../helpers/redis';
import { waitFor } from '../helpers/wait';

const T0 = Date.now();
const entry = (key: string): SuppressionEntry => ({
  key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1', reply: null,
  provider: null, firstSeen: T0, lastSeen: T0, count: 1, expiresAt: null,
});

// It stops and restarts a redis-server of its own, so it starts one even when REDIS_URL is set.
// Without redis-server it is skipped loudly; under CI that fails the run instead (helpers/redis.ts).
describe.runIf(redisServerAvailable('store-redis-restart.test.ts'))('redis stopped mid-way', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-redis-restart-'));
    redis = await startRedis({ persistDir: dir });
  });
  afterAll(async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no write: those made while it is down are spooled and replayed after it restarts', async () => {
    const logs: [LogLevel, string][] = [];
    const { store, ready } = openRedisStore({ url: redis.url, prefix: 'restart:' });
    await ready;
    const spoolPath = path.join(dir, 'bounceguard.spool');
    const resilient = new ResilientStore(store, { timeoutMs: 200, spoolPath, probeIntervalMs: 100, log: (l, m) => logs.push([l, m]) });
    const policy = new SuppressionPolicy(resilient, parseSuppressConfig({}));
    try {
      for (let i = 0; i < 50; i += 1) await resilient.put(entry(`before${i}@example.com`));
      await redis.stop();

      // With the server gone the check still returns, letting mail through (vitest's timeout bounds it).
      expect(await policy.check('before1@example.com')).toMatchObject({ status: 'unknown', allow: true });
      expect(resilient.isDown).toBe(true);
      for (let i = 0; i < 50; i += 1) {
        await expect(resilient.put(entry(`during${i}@example.com`))).rejects.toMatchObject({ spooled: true });
      }
      await expect(resilient.remove('before0@example.com')).rejects.toMatchObject({ spooled: true });
      expect(fs.readFileSync(spoolPath, 'utf8').trim().split('\n')).toHaveLength(51);

      await redis.restart();
      // The client reconnects by itself; the periodic probe notices and replays the spool.
      await waitFor('the store to be back up', () => !resilient.isDown, { timeoutMs: 15_000, intervalMs: 50 });

      const keys = [...Array.from({ length: 50 }, (_, i) => `before${i}@example.com`), ...Array.from({ length: 50 }, (_, i) => `during${i}@example.com`)];
      const found = await store.getMany(keys);
      expect(keys.filter((k) => !found.has(k))).toEqual(['before0@example.com']);
      expect(logs.filter(([l]) => l === 'warn')).toHaveLength(1);
      expect(logs.at(-1)?.[1]).toMatch(/replayed 51 spooled writes/);
      expect(fs.readdirSync(dir).filter((f) => f.includes('spool'))).toEqual([]);
    } finally {
      await resilient.close();
    }
  });

  it('starts while Redis is down, and catches up once it comes up', async () => {
    await redis.stop();
    // The resilient layer itself: no lookup cache in front of it.
    const ini = { store: { backend: 'redis', redis_url: redis.url, redis_prefix: 'late:', timeout_ms: 200, probe_interval_ms: 100, lookup_cache_size: 0 } };
    const store = (await openStore(parseStoreConfig(ini, dir), { resilient: true })) as ResilientStore;
    try {
      await expect(store.get('a@example.com')).rejects.toMatchObject({ name: 'StoreUnavailableError' });
      await expect(store.put(entry('late@example.com'))).rejects.toMatchObject({ spooled: true });
      await redis.restart();
      await waitFor('the store to be back up', () => !store.isDown, { timeoutMs: 15_000, intervalMs: 50 });
      expect(await store.get('late@example.com')).toMatchObject({ reason: 'userunknown' });
    } finally {
      await store.close();
    }
  });
});

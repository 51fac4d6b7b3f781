import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../src/store/redis';
import type { SuppressionEntry } from '../../src/store/types';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';

const entry = (key: string): SuppressionEntry => ({
  key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1', reply: null,
  provider: null, firstSeen: 1, lastSeen: 1, count: 1, expiresAt: null,
});

async function keys(iter: AsyncIterable<SuppressionEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of iter) out.push(e.key);
  return out;
}

describe.runIf(redisAvailable())('redis store key index', () => {
  let redis: RedisForTest;
  let client: ReturnType<typeof createClient>;
  const prefix = uniquePrefix('index');
  beforeAll(async () => {
    redis = await useRedis();
    client = createClient({ url: redis.url });
    await client.connect();
  });
  afterAll(async () => {
    if (!redis) return;
    try {
      client.destroy();
      await deleteKeys(redis.url, prefix);
    } finally {
      await redis.release();
    }
  });

  it('indexes entries an older version wrote without the index, once, then pages them in key order', async () => {
    const own = `${prefix}old:`;
    // What a store of the previous version left: entry keys and no index.
    for (const k of ['c@x.example', 'a@x.example', 'b@x.example']) await client.set(`${own}e:${k}`, JSON.stringify(entry(k)));
    const { store, ready } = openRedisStore({ url: redis.url, prefix: own });
    await ready;
    expect(await keys(store.scan({ limit: 2 }))).toEqual(['a@x.example', 'b@x.example']);
    expect(await keys(store.scan({ after: 'b@x.example' }))).toEqual(['c@x.example']);
    expect(await client.zCard(`${own}index`)).toBe(3);
    expect(await client.get(`${own}index:built`)).toBe('1');
    await store.close();
  });

  it('drops the index member of an entry Redis expired, and keeps one written again', async () => {
    const own = `${prefix}ttl:`;
    const { store, ready } = openRedisStore({ url: redis.url, prefix: own });
    await ready;
    await store.importMany(['a@x.example', 'b@x.example', 'c@x.example'].map(entry));
    // As if its TTL had run out: the value is gone, its index member is left behind.
    await client.del(`${own}e:b@x.example`);
    expect(await client.zCard(`${own}index`)).toBe(3);
    expect(await store.count()).toBe(2);
    expect(await client.zRange(`${own}index`, 0, -1)).toEqual(['a@x.example', 'c@x.example']);
    await store.put(entry('b@x.example'));
    expect(await keys(store.scan())).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    expect(await store.remove('a@x.example')).toBe(true);
    expect(await client.zRange(`${own}index`, 0, -1)).toEqual(['b@x.example', 'c@x.example']);
    await store.close();
  });
});

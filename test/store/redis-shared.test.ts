import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore, type RedisLike } from '../../src/store/redis';
import type { SuppressionEntry } from '../../src/store/types';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';

const entry = (key: string, expiresAt: number | null): SuppressionEntry => ({
  key, reason: 'mailboxfull', bounce: 'soft', source: 'escalation', code: 452, enhanced: '4.2.2', reply: null,
  provider: null, firstSeen: Date.now(), lastSeen: Date.now(), count: 1, expiresAt,
});

describe.runIf(redisAvailable())('redis store on a shared client', () => {
  let redis: RedisForTest;
  let url: string;
  const prefix = uniquePrefix('shared');
  beforeAll(async () => {
    redis = await useRedis();
    url = redis.url;
  });
  afterAll(async () => {
    if (!redis) return;
    try {
      await deleteKeys(url, prefix);
    } finally {
      await redis.release();
    }
  });

  it('uses a client it is given (haraka-plugin-redis), leaves it open on close, and sets Redis TTLs', async () => {
    const client = createClient({ url });
    await client.connect();
    const { store, ready } = openRedisStore({ client: client as unknown as RedisLike, prefix });
    await ready;
    await store.put(entry('a@example.com', Date.now() + 60_000));
    await store.put(entry('b@example.com', null));
    expect(await store.get('a@example.com')).toMatchObject({ reason: 'mailboxfull' });
    const ttl = await client.pTTL(`${prefix}e:a@example.com`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.pTTL(`${prefix}e:b@example.com`)).toBe(-1);
    await store.recordSoftBounce('c@example.com', 'm1', Date.now(), 3_600_000);
    expect(await client.pTTL(`${prefix}sb:c@example.com`)).toBeGreaterThan(3_500_000);
    await store.close();
    expect(client.isOpen).toBe(true);
    expect(await client.get(`${prefix}e:b@example.com`)).not.toBeNull();
    client.destroy();
  });
});

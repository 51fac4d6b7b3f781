import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory';
import { openRedisStore } from '../../src/store/redis';
import { CachedStore } from '../../src/store/cached';
import { ResilientStore } from '../../src/store/resilient';
import { SqliteStore } from '../../src/store/sqlite';
import type { Clock, ScanFilter, SuppressionEntry, SuppressionStore } from '../../src/store/types';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

let redis: RedisForTest | null = null;
const withRedis = redisAvailable();
/** Every Redis store here lives under this prefix, deleted afterwards (REDIS_URL may be a shared server). */
const redisPrefix = uniquePrefix('contract');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-contract-'));
let serial = 0;

beforeAll(async () => {
  if (withRedis) redis = await useRedis();
});
afterAll(async () => {
  if (redis) {
    try {
      await deleteKeys(redis.url, redisPrefix);
    } finally {
      await redis.release();
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Factory = (now: Clock) => Promise<SuppressionStore>;
const backends: [string, Factory][] = [
  ['memory', async (now) => new MemoryStore(now)],
  ['sqlite', async (now) => new SqliteStore({ path: path.join(tmp, `s${(serial += 1)}.db`), now })],
  // The wrapper the delivery path uses must be invisible while the store answers.
  [
    'resilient(sqlite)',
    async (now) => {
      const inner = new SqliteStore({ path: path.join(tmp, `r${(serial += 1)}.db`), now });
      return new ResilientStore(inner, { timeoutMs: 5000, spoolPath: path.join(tmp, `r${serial}.spool`), probeIntervalMs: 60_000, now });
    },
  ],
  // The delivery path's lookup cache must be invisible to a single writer too.
  ['cached(sqlite)', async (now) => new CachedStore(new SqliteStore({ path: path.join(tmp, `c${(serial += 1)}.db`), now }), { maxEntries: 100, ttlMs: 60_000, now })],
];
if (withRedis) {
  backends.push([
    'redis',
    async (now) => {
      const { store, ready } = openRedisStore({ url: redis!.url, prefix: `${redisPrefix}${(serial += 1)}:`, now });
      await ready;
      return store;
    },
  ]);
}

function entry(key: string, over: Partial<SuppressionEntry> = {}): SuppressionEntry {
  return {
    key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1',
    reply: '550 5.1.1 no such user', provider: null, firstSeen: T0, lastSeen: T0, count: 1, expiresAt: null, ...over,
  };
}

/** The entries in the order the store gave them. */
async function inOrder(iter: AsyncIterable<SuppressionEntry>): Promise<SuppressionEntry[]> {
  const out: SuppressionEntry[] = [];
  for await (const e of iter) out.push(e);
  return out;
}

async function collect(iter: AsyncIterable<SuppressionEntry>): Promise<SuppressionEntry[]> {
  const out: SuppressionEntry[] = [];
  for await (const e of iter) out.push(e);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe.each(backends)('%s store contract', (name, make) => {
  let t = T0;
  let store: SuppressionStore;
  beforeEach(async () => {
    t = T0;
    store = await make(() => t);
  });
  afterEach(async () => store.close());

  it('returns null for an unknown key and the stored entry field for field', async () => {
    expect(await store.get('nobody@example.com')).toBeNull();
    const stored = entry('a@example.com', { provider: 'google', expiresAt: T0 + DAY });
    await store.put(stored);
    expect(await store.get('a@example.com')).toEqual(stored);
  });

  it('merges repeated evidence: count adds up, first seen stays, last seen moves', async () => {
    await store.put(entry('a@example.com', { firstSeen: T0, lastSeen: T0 }));
    const merged = await store.put(entry('a@example.com', { firstSeen: T0 + 5000, lastSeen: T0 + 5000, count: 2 }));
    expect(merged).toMatchObject({ count: 3, firstSeen: T0, lastSeen: T0 + 5000 });
    expect(await store.get('a@example.com')).toEqual(merged);
  });

  it('never lets weaker evidence overwrite an operator entry', async () => {
    await store.put(entry('a@example.com', { source: 'manual', reason: 'onhold', code: null, enhanced: null, reply: null }));
    await store.put(entry('a@example.com', { source: 'escalation', reason: 'mailboxfull', expiresAt: T0 + DAY, lastSeen: T0 + 1 }));
    const kept = await store.get('a@example.com');
    expect(kept).toMatchObject({ source: 'manual', reason: 'onhold', expiresAt: null, count: 2, lastSeen: T0 + 1 });
  });

  it('lets permanent evidence replace an expiring escalation, and not the other way round', async () => {
    await store.put(entry('a@example.com', { source: 'escalation', reason: 'mailboxfull', bounce: 'soft', expiresAt: T0 + DAY }));
    await store.put(entry('a@example.com'));
    expect(await store.get('a@example.com')).toMatchObject({ source: 'smtp', reason: 'userunknown', expiresAt: null });
    await store.put(entry('a@example.com', { source: 'escalation', reason: 'mailboxfull', expiresAt: T0 + DAY }));
    expect(await store.get('a@example.com')).toMatchObject({ source: 'smtp', expiresAt: null, count: 3 });
  });

  it('never returns an expired entry, and starts afresh after expiry', async () => {
    await store.put(entry('a@example.com', { expiresAt: T0 + 1000, count: 4 }));
    t = T0 + 999;
    expect(await store.get('a@example.com')).not.toBeNull();
    t = T0 + 1000;
    expect(await store.get('a@example.com')).toBeNull();
    expect((await store.getMany(['a@example.com'])).size).toBe(0);
    expect(await collect(store.scan())).toEqual([]);
    expect(await store.remove('a@example.com')).toBe(false);
    const fresh = await store.put(entry('a@example.com', { firstSeen: t, lastSeen: t }));
    expect(fresh).toMatchObject({ count: 1, firstSeen: t });
  });

  it('getMany answers only the keys that are present', async () => {
    await store.put(entry('a@example.com'));
    await store.put(entry('@dead.example'));
    expect((await store.getMany([])).size).toBe(0);
    const found = await store.getMany(['a@example.com', 'b@example.com', '@dead.example']);
    expect([...found.keys()].sort()).toEqual(['@dead.example', 'a@example.com']);
    expect(found.get('@dead.example')?.key).toBe('@dead.example');
  });

  it('removes an entry once', async () => {
    await store.put(entry('a@example.com'));
    expect(await store.remove('a@example.com')).toBe(true);
    expect(await store.remove('a@example.com')).toBe(false);
    expect(await store.get('a@example.com')).toBeNull();
  });

  it('imports many entries, merging duplicates, and scans them all back', async () => {
    const entries = Array.from({ length: 2500 }, (_, i) => entry(`user${i}@d${i % 7}.example`, { source: 'import' }));
    expect(await store.importMany(entries)).toBe(2500);
    expect(await store.importMany([entry('user1@d1.example', { source: 'import' })])).toBe(1);
    const all = await collect(store.scan());
    expect(all.map((e) => e.key)).toEqual(entries.map((e) => e.key).sort());
    expect(all.find((e) => e.key === 'user1@d1.example')?.count).toBe(2);
  });

  it('scans with filters on domain, reason and source', async () => {
    await store.importMany([
      entry('a@one.example'),
      entry('b@one.example', { reason: 'mailboxfull', source: 'escalation', expiresAt: T0 + DAY }),
      entry('@one.example', { reason: 'hostunknown' }),
      entry('a@two.example', { source: 'manual' }),
      entry('a@notone.example'),
    ]);
    const keys = async (f: Parameters<SuppressionStore['scan']>[0]) => (await collect(store.scan(f))).map((e) => e.key);
    expect(await keys({ domain: 'one.example' })).toEqual(['@one.example', 'a@one.example', 'b@one.example']);
    expect(await keys({ reason: 'mailboxfull' })).toEqual(['b@one.example']);
    expect(await keys({ source: 'manual' })).toEqual(['a@two.example']);
  });

  it('scans in key order, pages with an after cursor and a limit, and counts the total', async () => {
    const keys = Array.from({ length: 2300 }, (_, i) => `u${String(i).padStart(4, '0')}@d${i % 3}.example`);
    // Written out of order: the order comes from the store, not from the writes.
    await store.importMany([...keys].reverse().map((k) => entry(k)));
    const sorted = [...keys].sort();
    expect((await inOrder(store.scan())).map((e) => e.key)).toEqual(sorted);
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await inOrder(store.scan({ after, limit: 1000 }))).map((e) => e.key);
      paged.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1];
    }
    expect(paged).toEqual(sorted);
    expect(await store.count()).toBe(2300);
    expect(await store.count({ after: sorted[10], limit: 5 })).toBe(2300);
    expect(await store.count({ domain: 'd1.example' })).toBe(sorted.filter((k) => k.endsWith('@d1.example')).length);
    expect(await inOrder(store.scan({ limit: 0 }))).toEqual([]);
    expect(await inOrder(store.scan({ after: sorted[sorted.length - 1] }))).toEqual([]);
  });

  it('applies the limit after the filter, so a sparse filter still fills its page', async () => {
    await store.importMany(Array.from({ length: 1500 }, (_, i) => entry(`u${String(i).padStart(4, '0')}@example.com`, { source: i % 100 === 7 ? 'manual' : 'smtp' })));
    const page = (await inOrder(store.scan({ source: 'manual', limit: 10 }))).map((e) => e.key);
    expect(page).toEqual(Array.from({ length: 10 }, (_, i) => `u${String(i * 100 + 7).padStart(4, '0')}@example.com`));
    const next = (await inOrder(store.scan({ source: 'manual', after: page[9], limit: 10 }))).map((e) => e.key);
    expect(next).toEqual(['u1007@example.com', 'u1107@example.com', 'u1207@example.com', 'u1307@example.com', 'u1407@example.com']);
    expect(await store.count({ source: 'manual' })).toBe(15);
  });

  it('selects by last-seen range (since inclusive, until exclusive) and by key substring', async () => {
    await store.importMany([
      entry('old@example.com', { firstSeen: T0 - DAY, lastSeen: T0 - DAY }),
      entry('edge@example.com', { lastSeen: T0 }),
      entry('Mixed.Case@example.com', { lastSeen: T0 + DAY }),
      entry('@example.org', { reason: 'hostunknown', lastSeen: T0 + 2 * DAY }),
    ]);
    const keys = async (f: ScanFilter) => (await inOrder(store.scan(f))).map((e) => e.key);
    expect(await keys({ since: T0 })).toEqual(['@example.org', 'Mixed.Case@example.com', 'edge@example.com']);
    expect(await keys({ until: T0 })).toEqual(['old@example.com']);
    expect(await keys({ since: T0, until: T0 + 2 * DAY })).toEqual(['Mixed.Case@example.com', 'edge@example.com']);
    expect(await keys({ contains: 'case@' })).toEqual(['Mixed.Case@example.com']);
    expect(await keys({ contains: 'EXAMPLE.ORG' })).toEqual(['@example.org']);
    expect(await keys({ contains: 'example.com', since: T0, domain: 'example.com' })).toEqual(['Mixed.Case@example.com', 'edge@example.com']);
    expect(await store.count({ since: T0, contains: 'e' })).toBe(3);
    expect(await store.count({ until: T0 - DAY })).toBe(0);
  });

  it('leaves expired entries out of the count and the pages', async () => {
    await store.put(entry('a@example.com'));
    await store.put(entry('b@example.com', { expiresAt: T0 + 1000 }));
    await store.put(entry('c@example.com'));
    expect(await store.count()).toBe(3);
    t = T0 + 1000;
    expect(await store.count()).toBe(2);
    expect((await inOrder(store.scan({ limit: 2 }))).map((e) => e.key)).toEqual(['a@example.com', 'c@example.com']);
    await store.remove('a@example.com');
    expect((await inOrder(store.scan({ after: '' }))).map((e) => e.key)).toEqual(['c@example.com']);
  });

  it('counts soft bounces of distinct messages within the window', async () => {
    const window = 7 * DAY;
    expect(await store.recordSoftBounce('a@example.com', 'm1', T0, window)).toBe(1);
    expect(await store.recordSoftBounce('a@example.com', 'm1', T0 + 1000, window)).toBe(1);
    expect(await store.recordSoftBounce('a@example.com', 'm2', T0 + 2000, window)).toBe(2);
    expect(await store.recordSoftBounce('b@example.com', 'm2', T0 + 2000, window)).toBe(1);
    // m1 (last seen T0 + 1000) falls out of the window; m2 stays.
    expect(await store.recordSoftBounce('a@example.com', 'm3', T0 + 1000 + window, window)).toBe(2);
    expect(await store.getSoftBounces('a@example.com')).toEqual([T0 + 2000, T0 + 1000 + window]);
    expect(await store.getSoftBounces('nobody@example.com')).toEqual([]);
    await store.resetSoftBounces('a@example.com');
    expect(await store.getSoftBounces('a@example.com')).toEqual([]);
    expect(await store.recordSoftBounce('a@example.com', 'm4', T0 + window + 5000, window)).toBe(1);
  });

  it('keeps JSON state with and without expiry', async () => {
    expect(await store.getState('pace:google')).toBeNull();
    await store.setState('pace:google', { rate: 2.5, since: T0 }, 1000);
    await store.setState('forever', [1, 'two'], null);
    expect(await store.getState('pace:google')).toEqual({ rate: 2.5, since: T0 });
    t = T0 + 1000;
    expect(await store.getState('pace:google')).toBeNull();
    expect(await store.getState('forever')).toEqual([1, 'two']);
  });

  it('writes several values at once, each with its own expiry', async () => {
    await store.setState('sent:old', 'replaced', null);
    await store.setStates([
      { key: 'sent:a', value: { to: ['x@example.com'] }, ttlMs: 1000 },
      { key: 'sent:old', value: 'new', ttlMs: null },
      { key: 'sent:b', value: 2, ttlMs: 5000 },
    ]);
    await store.setStates([]);
    expect(await store.getState('sent:a')).toEqual({ to: ['x@example.com'] });
    expect(await store.getState('sent:old')).toBe('new');
    t = T0 + 1000;
    expect(await store.getState('sent:a')).toBeNull();
    expect(await store.getState('sent:b')).toBe(2);
  });

  it('purges only what can never be read again', async () => {
    const window = 7 * DAY;
    await store.put(entry('live@example.com'));
    await store.put(entry('later@example.com', { expiresAt: T0 + 10 * DAY }));
    await store.put(entry('gone@example.com', { expiresAt: T0 + DAY }));
    await store.setState('kept', 1, null);
    await store.setState('stale', 2, DAY);
    await store.recordSoftBounce('a@example.com', 'old', T0 + DAY / 2, window);
    await store.recordSoftBounce('a@example.com', 'recent', T0 + 7 * DAY, window);
    t = T0 + 8 * DAY;
    const counts = await store.purge(window);
    // Redis has deleted expired keys itself (TTL); the others delete them now.
    expect(counts).toEqual(name === 'redis' ? { entries: 0, softBounces: 0, states: 0 } : { entries: 1, softBounces: 1, states: 1 });
    expect((await collect(store.scan())).map((e) => e.key)).toEqual(['later@example.com', 'live@example.com']);
    expect(await store.getState('kept')).toBe(1);
    expect(await store.recordSoftBounce('a@example.com', 'new', t, window)).toBe(2);
    expect(await store.purge(window)).toEqual({ entries: 0, softBounces: 0, states: 0 });
  });

  it('adds window counters per key and field, and forgets a key after its TTL', async () => {
    expect(await store.getCounters(['w:a', 'w:b'])).toEqual([{}, {}]);
    await store.addCounters([{ key: 'w:a', fields: { sent: 3, hard: 1 } }, { key: 'w:b', fields: { sent: 1 } }], 1000);
    t = T0 + 500;
    await store.addCounters([{ key: 'w:a', fields: { sent: 2, 'blocked@google': 1 } }], 1000);
    expect(await store.getCounters(['w:a', 'w:b'])).toEqual([{ sent: 5, hard: 1, 'blocked@google': 1 }, { sent: 1 }]);
    // The key's TTL restarts on every write to it: w:a lives to T0 + 1500, w:b ended at T0 + 1000.
    t = T0 + 1200;
    expect(await store.getCounters(['w:a', 'w:b'])).toEqual([{ sent: 5, hard: 1, 'blocked@google': 1 }, {}]);
    t = T0 + 1500;
    expect(await store.getCounters(['w:a'])).toEqual([{}]);
    await store.addCounters([{ key: 'w:a', fields: { sent: 1 } }], 1000);
    expect(await store.getCounters(['w:a'])).toEqual([{ sent: 1 }]);
  });

  it('keeps a bounded log per stream with sequence numbers that are never reused', async () => {
    expect(await store.lastLogSeq('events')).toBe(0);
    expect(await store.readLog('events', 0, 10)).toEqual([]);
    expect(await store.appendLog('events', ['a', 'b', 'b'], 5)).toBe(3);
    expect(await store.appendLog('other', ['x'], 5)).toBe(1);
    expect(await store.readLog('events', 0, 10)).toEqual([{ seq: 1, item: 'a' }, { seq: 2, item: 'b' }, { seq: 3, item: 'b' }]);
    expect(await store.readLog('events', 1, 1)).toEqual([{ seq: 2, item: 'b' }]);
    expect(await store.appendLog('events', ['c', 'd', 'e', 'f'], 5)).toBe(7);
    // Items 1 and 2 were dropped: a reader after 0 sees the gap before 3.
    expect((await store.readLog('events', 0, 10)).map((i) => i.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(await store.lastLogSeq('events')).toBe(7);
    expect(await store.readLog('other', 0, 10)).toEqual([{ seq: 1, item: 'x' }]);
  });

  it('grants a lease to one owner at a time until it expires', async () => {
    expect(await store.acquireLease('sender', 'one', 1000)).toBe(true);
    expect(await store.acquireLease('sender', 'two', 1000)).toBe(false);
    expect(await store.acquireLease('other', 'two', 1000)).toBe(true);
    t = T0 + 900;
    expect(await store.acquireLease('sender', 'one', 1000)).toBe(true);
    t = T0 + 1800;
    expect(await store.acquireLease('sender', 'two', 1000)).toBe(false);
    t = T0 + 1900;
    expect(await store.acquireLease('sender', 'two', 1000)).toBe(true);
    expect(await store.acquireLease('sender', 'one', 1000)).toBe(false);
  });
});

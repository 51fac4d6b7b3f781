import { describe, expect, it } from 'vitest';
import { CachedStore } from '../../src/store/cached';
import { MemoryStore } from '../../src/store/memory';
import type { SuppressionEntry, SuppressionStore } from '../../src/store/types';

const T0 = 1_700_000_000_000;

function entry(key: string, over: Partial<SuppressionEntry> = {}): SuppressionEntry {
  return {
    key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1', reply: null,
    provider: null, firstSeen: T0, lastSeen: T0, count: 1, expiresAt: null, ...over,
  };
}

/** A memory store that counts the lookups reaching it and can be made to fail. */
function counted(now: () => number) {
  const inner = new MemoryStore(now);
  const calls = { get: 0, getMany: 0 };
  let failing = false;
  const store: SuppressionStore = Object.assign(Object.create(inner) as MemoryStore, {
    get: async (key: string) => {
      calls.get += 1;
      if (failing) throw new Error('store down');
      return inner.get(key);
    },
    getMany: async (keys: string[]) => {
      calls.getMany += 1;
      if (failing) throw new Error('store down');
      return inner.getMany(keys);
    },
  });
  return { inner, store, calls, fail: (on: boolean) => { failing = on; } };
}

describe('CachedStore', () => {
  let t = T0;
  const now = () => t;
  const make = (maxEntries = 100, ttlMs = 30_000) => {
    t = T0;
    const c = counted(now);
    return { ...c, cached: new CachedStore(c.store, { maxEntries, ttlMs, now }) };
  };

  it('answers a repeated lookup, found or not, from memory until the TTL', async () => {
    const { inner, cached, calls } = make();
    await inner.put(entry('dead@example.com'));
    expect(await cached.get('dead@example.com')).toMatchObject({ key: 'dead@example.com' });
    expect(await cached.get('dead@example.com')).toMatchObject({ key: 'dead@example.com' });
    expect(await cached.get('alive@example.com')).toBeNull();
    expect(await cached.get('alive@example.com')).toBeNull();
    expect(calls.get).toBe(2);
    t += 30_000;
    await cached.get('dead@example.com');
    expect(calls.get).toBe(3);
  });

  it("shows another writer's change after the TTL, and its own writes at once", async () => {
    const { inner, cached } = make();
    expect(await cached.get('a@example.com')).toBeNull();
    await inner.put(entry('a@example.com'));
    expect(await cached.get('a@example.com')).toBeNull();
    t += 30_001;
    expect(await cached.get('a@example.com')).not.toBeNull();
    expect(await cached.remove('a@example.com')).toBe(true);
    expect(await cached.get('a@example.com')).toBeNull();
    await cached.put(entry('b@example.com'));
    await cached.get('b@example.com');
    await cached.importMany([entry('b@example.com', { reason: 'suspend' })]);
    expect(await cached.get('b@example.com')).toMatchObject({ reason: 'suspend' });
  });

  it('never serves an entry past its expiry, whatever the TTL', async () => {
    const { inner, cached } = make(100, 60_000);
    await inner.put(entry('full@example.com', { expiresAt: T0 + 1000 }));
    expect(await cached.get('full@example.com')).not.toBeNull();
    t = T0 + 1000;
    expect(await cached.get('full@example.com')).toBeNull();
  });

  it('keeps serving what it remembers while the store fails, and caches no failure', async () => {
    const { inner, cached, calls, fail } = make();
    await inner.put(entry('dead@example.com'));
    await cached.get('dead@example.com');
    fail(true);
    expect(await cached.get('dead@example.com')).not.toBeNull();
    await expect(cached.get('other@example.com')).rejects.toThrow(/store down/);
    fail(false);
    expect(await cached.get('other@example.com')).toBeNull();
    expect(calls.get).toBe(3);
  });

  it('asks the store only for the keys of getMany it does not remember', async () => {
    const { inner, cached, calls } = make();
    await inner.put(entry('@gone.example', { reason: 'hostunknown' }));
    const first = await cached.getMany(['a@gone.example', '@gone.example']);
    expect([...first.keys()]).toEqual(['@gone.example']);
    const second = await cached.getMany(['a@gone.example', '@gone.example']);
    expect([...second.keys()]).toEqual(['@gone.example']);
    expect(calls.getMany).toBe(1);
    await cached.getMany(['b@gone.example', '@gone.example']);
    expect(calls.getMany).toBe(2);
  });

  it('holds at most maxEntries lookups, dropping the oldest', async () => {
    const { cached, calls } = make(2);
    await cached.get('a@example.com');
    await cached.get('b@example.com');
    await cached.get('c@example.com');
    expect(calls.get).toBe(3);
    await cached.get('c@example.com');
    await cached.get('b@example.com');
    expect(calls.get).toBe(3);
    await cached.get('a@example.com');
    expect(calls.get).toBe(4);
  });

  it('does not remember a lookup that overlapped its own write', async () => {
    const { inner } = make();
    let release: () => void = () => undefined;
    let held = false;
    // The first lookup reads the store, then is held until the test releases it.
    const slowInner = Object.assign(Object.create(inner) as MemoryStore, {
      getMany: async (keys: string[]) => {
        const before = await inner.getMany(keys);
        if (!held) {
          held = true;
          await new Promise<void>((resolve) => { release = resolve; });
        }
        return before;
      },
    });
    const racing = new CachedStore(slowInner, { maxEntries: 100, ttlMs: 30_000, now });
    const lookup = racing.getMany(['new@example.com']);
    await new Promise((r) => setTimeout(r, 0));
    await racing.put(entry('new@example.com'));
    release();
    expect((await lookup).size).toBe(0);
    expect(await racing.getMany(['new@example.com'])).toHaveProperty('size', 1);
  });

  it('answers with a suppression it knows when the store fails on the rest of a getMany', async () => {
    const { inner, cached, fail } = make();
    await inner.put(entry('dead@gone.example'));
    await cached.get('dead@gone.example');
    fail(true);
    const found = await cached.getMany(['dead@gone.example', '@gone.example']);
    expect([...found.keys()]).toEqual(['dead@gone.example']);
    await expect(cached.getMany(['alive@gone.example', '@gone.example'])).rejects.toThrow(/store down/);
  });

  it('hands out copies: a caller changing an entry does not change what it remembers', async () => {
    const { inner, cached } = make();
    await inner.put(entry('dead@example.com'));
    const got = await cached.get('dead@example.com');
    if (got) got.reason = 'vacation';
    expect(await cached.get('dead@example.com')).toMatchObject({ reason: 'userunknown' });
  });
});

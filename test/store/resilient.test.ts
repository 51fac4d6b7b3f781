import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/store/memory';
import { ResilientStore, StoreUnavailableError, type LogLevel } from '../../src/store/resilient';
import type { SuppressionEntry, SuppressionStore } from '../../src/store/types';

type Mode = 'ok' | 'fail' | 'hang';

/** A memory store that can be switched to failing or never answering, counting the calls it gets. */
function flaky(inner: SuppressionStore = new MemoryStore()) {
  const control = { mode: 'ok' as Mode, calls: 0 };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close' || prop === 'scan') return value;
      return (...args: unknown[]) => {
        control.calls += 1;
        if (control.mode === 'fail') return Promise.reject(new Error('connection refused'));
        if (control.mode === 'hang') return new Promise(() => undefined);
        return value.apply(target, args);
      };
    },
  });
  return { store, control, inner };
}

function entry(key: string, over: Partial<SuppressionEntry> = {}): SuppressionEntry {
  const t = 1_700_000_000_000;
  return {
    key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1', reply: null,
    provider: null, firstSeen: t, lastSeen: t, count: 1, expiresAt: null, ...over,
  };
}

describe('resilient store', () => {
  let dir: string;
  let spoolPath: string;
  let logs: [LogLevel, string][];
  const opened: ResilientStore[] = [];
  const wrap = (s: SuppressionStore, timeoutMs = 30) => {
    const r = new ResilientStore(s, { timeoutMs, spoolPath, probeIntervalMs: 60_000, log: (l, m) => logs.push([l, m]) });
    opened.push(r);
    return r;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-resilient-'));
    spoolPath = path.join(dir, 'bounceguard.spool');
    logs = [];
  });
  afterEach(async () => {
    for (const r of opened.splice(0)) await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a lookup within the time budget when the store hangs', async () => {
    // On the budget's own clock: it answers when 40 ms have passed, not before, whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const { store, control } = flaky();
      const r = wrap(store, 40);
      control.mode = 'hang';
      let outcome: unknown = 'pending';
      const lookup = r.get('a@example.com').then((v) => { outcome = v; }, (err: unknown) => { outcome = err; });
      await vi.advanceTimersByTimeAsync(39);
      expect(outcome).toBe('pending');
      expect(control.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await lookup;
      expect(outcome).toBeInstanceOf(StoreUnavailableError);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails fast while down and logs the outage once, not once per call', async () => {
    const { store, control } = flaky();
    const r = wrap(store);
    control.mode = 'fail';
    await expect(r.getMany(['a@example.com'])).rejects.toThrow(/connection refused/);
    const callsWhenDown = control.calls;
    for (let i = 0; i < 20; i += 1) await expect(r.get(`u${i}@example.com`)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(control.calls).toBe(callsWhenDown);
    expect(logs.filter(([level]) => level === 'warn')).toHaveLength(1);
    expect(logs[0][1]).toMatch(/unavailable \(connection refused\).*spooled to/);
  });

  it('spools writes while down and replays them in order once the store is back', async () => {
    const { store, control, inner } = flaky();
    const r = wrap(store);
    await r.put(entry('kept@example.com'));
    control.mode = 'fail';
    const failures = [
      r.put(entry('a@example.com')),
      r.put(entry('b@example.com')),
      r.remove('a@example.com'),
      r.recordSoftBounce('c@example.com', 'm1', 1_700_000_000_000, 86_400_000),
      r.setState('pace', { n: 1 }, null),
      r.setStates([{ key: 'sent:1', value: 'one', ttlMs: null }, { key: 'sent:2', value: 'two', ttlMs: 86_400_000 }]),
      r.put(entry('d@example.com', { reason: 'mailboxfull' })),
    ];
    for (const f of failures) await expect(f).rejects.toMatchObject({ spooled: true });
    expect(fs.readFileSync(spoolPath, 'utf8').trim().split('\n')).toHaveLength(7);

    expect(await r.probe()).toBe(false);
    control.mode = 'ok';
    expect(await r.probe()).toBe(true);
    expect(r.isDown).toBe(false);
    expect(await inner.get('a@example.com')).toBeNull();
    expect(await inner.get('b@example.com')).not.toBeNull();
    expect(await inner.get('d@example.com')).toMatchObject({ reason: 'mailboxfull' });
    expect(await inner.getState('pace')).toEqual({ n: 1 });
    expect([await inner.getState('sent:1'), await inner.getState('sent:2')]).toEqual(['one', 'two']);
    expect(await inner.recordSoftBounce('c@example.com', 'm2', 1_700_000_000_001, 86_400_000)).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(logs.map(([level]) => level)).toEqual(['warn', 'info']);
    expect(logs[1][1]).toMatch(/replayed 7 spooled writes/);
  });

  it('counts a write the spool cannot take as lost, never as spooled or replayed', async () => {
    const { store, control, inner } = flaky();
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    spoolPath = path.join(dir, 'not-a-folder', 'bounceguard.spool');
    const r = wrap(store);
    control.mode = 'fail';
    await expect(r.put(entry('a@example.com'))).rejects.toMatchObject({ spooled: false, message: expect.stringMatching(/write lost: cannot append to the suppression spool/) });
    await expect(r.put(entry('b@example.com'))).rejects.toMatchObject({ spooled: false });
    control.mode = 'ok';
    expect(await r.probe()).toBe(true);
    expect(await inner.get('a@example.com')).toBeNull();
    expect(logs.map(([level]) => level)).toEqual(['warn', 'error', 'error']);
    expect(logs[1][1]).toMatch(/write lost \(the next ones are counted until the store is back\)/);
    expect(logs[2][1]).toBe(`suppression store is back: replayed 0 spooled writes; 2 writes were lost (the spool ${spoolPath} could not be written)`);
  });

  it('keeps what it could not replay for the next attempt', async () => {
    const { store, control, inner } = flaky();
    const r = wrap(store);
    control.mode = 'fail';
    await expect(r.put(entry('a@example.com'))).rejects.toThrow();
    await expect(r.put(entry('b@example.com'))).rejects.toThrow();
    control.mode = 'ok';
    let allowed = 1; // the first replayed write succeeds, then the store fails again
    const original = inner.put.bind(inner);
    const budget = inner as { put: typeof inner.put };
    budget.put = async (e) => {
      if (--allowed < 0) throw new Error('gone again');
      return original(e);
    };
    expect(await r.probe()).toBe(false);
    expect(await inner.get('a@example.com')).not.toBeNull();
    expect(await inner.get('b@example.com')).toBeNull();
    budget.put = original;
    expect(await r.probe()).toBe(true);
    expect(await inner.get('b@example.com')).not.toBeNull();
  });

  it('replays a spool left by an earlier process before serving', async () => {
    fs.writeFileSync(spoolPath, `${JSON.stringify({ op: 'put', entry: entry('old@example.com') })}\nnot json\n`);
    const inner = new MemoryStore();
    const r = wrap(inner);
    expect(r.isDown).toBe(true);
    expect(await r.probe()).toBe(true);
    expect(await r.get('old@example.com')).not.toBeNull();
    expect(logs.map(([level]) => level)).toEqual(['error', 'info']);
  });

  it('lets only one of two workers sharing a spool replay each write', async () => {
    fs.writeFileSync(spoolPath, `${JSON.stringify({ op: 'put', entry: entry('once@example.com') })}\n`);
    const shared = new MemoryStore();
    const [a, b] = [wrap(shared), wrap(shared)];
    await Promise.all([a.probe(), b.probe()]);
    expect((await shared.get('once@example.com'))?.count).toBe(1);
  });
});

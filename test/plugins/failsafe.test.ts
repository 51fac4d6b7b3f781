import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify';
import { CONFIG_FILES } from '../../src/config';
import { once } from '../../plugins/lib/once';
import { closeRuntime, runtime } from '../../plugins/lib/runtime';
import { bounceguard_rcpt } from '../../plugins/lib/suppress';
import { resetThrottleRuntime, throttleRuntime } from '../../plugins/lib/throttle-runtime';
import { waitFor } from '../helpers/wait';

type Ini = Record<string, Record<string, unknown>>;

/**
 * A plugin whose config loader behaves like haraka-config in the way that matters here: one reload
 * callback per file, the last reader's. The test fires the callbacks itself.
 */
function fakePlugin(files: Record<string, Ini>) {
  const callbacks = new Map<string, (() => void) | undefined>();
  const logs: string[] = [];
  let failNextRead = false;
  const log = (level: string) => (m: string) => logs.push(`${level} ${m}`);
  const plugin = {
    config: {
      get(name: string, _type: string, _opts: unknown, cb?: () => void) {
        if (failNextRead && name === 'bounceguard.ini') {
          failNextRead = false;
          throw new Error('config dir unreadable');
        }
        callbacks.set(name, cb);
        return structuredClone(files[name] ?? {});
      },
    },
    logerror: log('error'), logwarn: log('warn'), loginfo: log('info'), lognotice: log('notice'), logdebug: log('debug'),
  } as unknown as Haraka.Plugin;
  return { plugin, callbacks, logs, failNextRead: () => { failNextRead = true; } };
}

/** Calls a hook and resolves with every next() it made, a tick after the first. */
function nextCalls(hook: (next: Haraka.Next) => void): Promise<unknown[][]> {
  return new Promise((resolve) => {
    const calls: unknown[][] = [];
    hook((...args) => {
      calls.push(args);
      if (calls.length === 1) setTimeout(() => resolve(calls), 20);
    });
  });
}

afterEach(async () => {
  resetThrottleRuntime();
  await closeRuntime();
});

describe('once', () => {
  it('passes the first call through and drops the rest', () => {
    const calls: unknown[][] = [];
    const next = once((...args) => calls.push(args));
    next(903, 'later');
    next();
    expect(calls).toEqual([[903, 'later']]);
  });
});

describe('the shared runtime', () => {
  it('reads bounceguard.ini once for everyone, so a reload reaches suppression and throttling', async () => {
    const files: Record<string, Ini> = { 'bounceguard.ini': { store: { backend: 'memory', timeout_ms: 50 }, throttle: { enabled: false } } };
    const { plugin, callbacks } = fakePlugin(files);
    const rt = await runtime(plugin);
    expect(rt.budgetMs).toBe(150);
    expect(await throttleRuntime(plugin)).toBeNull();
    expect([...callbacks.keys()].sort()).toEqual([...CONFIG_FILES].sort());

    files['bounceguard.ini'] = { store: { backend: 'memory', timeout_ms: 100 }, throttle: { enabled: true } };
    callbacks.get('bounceguard.ini')?.();
    await waitFor('the reload', () => rt.reloads === 1, { intervalMs: 5 });
    expect(rt.budgetMs).toBe(300);
    expect(await throttleRuntime(plugin)).not.toBeNull();
    expect(callbacks.get('bounceguard.ini')).toBeTypeOf('function');
  });

  it('keeps the store across a reload that leaves [store] alone, and reopens it when [store] changes', async () => {
    const files: Record<string, Ini> = { 'bounceguard.ini': { store: { backend: 'memory' }, suppress: { escalate_after: 3 } } };
    const { plugin, callbacks } = fakePlugin(files);
    const rt = await runtime(plugin);
    const first = rt.store;
    await first?.put({
      key: 'kept@example.com', reason: 'userunknown', bounce: 'hard', source: 'manual', code: null, enhanced: null,
      reply: null, provider: null, firstSeen: 1, lastSeen: 1, count: 1, expiresAt: null,
    });
    files['bounceguard.ini'] = { store: { backend: 'memory' }, suppress: { escalate_after: 5 } };
    callbacks.get('bounceguard.ini')?.();
    await waitFor('the reload', () => rt.reloads === 1, { intervalMs: 5 });
    expect(rt.store).toBe(first);
    expect(rt.suppression?.config.escalateAfter).toBe(5);
    expect(await rt.store?.get('kept@example.com')).not.toBeNull();

    files['bounceguard.ini'] = { store: { backend: 'memory', timeout_ms: 80 }, suppress: { escalate_after: 5 } };
    callbacks.get('bounceguard.ini')?.();
    await waitFor('the second reload', () => rt.reloads === 2, { intervalMs: 5 });
    expect(rt.store).not.toBe(first);
    expect(await rt.store?.get('kept@example.com')).toBeNull();
  });

  it('reloads operator rules on every change, not only the first', async () => {
    const rule = (reason: string) => ({ 'acme.archived': { text: 'mailbox archived', reason, note: 'test' } });
    const files: Record<string, Ini> = { 'bounceguard.ini': { store: { backend: 'memory' } }, 'bounceguard-rules.ini': rule('suspend') };
    const { plugin, callbacks } = fakePlugin(files);
    const rt = await runtime(plugin);
    const reasonNow = () => classify('550 mailbox archived', rt.rules).reason;
    expect(reasonNow()).toBe('suspend');
    for (const reason of ['hasmoved', 'userunknown', 'suspend']) {
      files['bounceguard-rules.ini'] = rule(reason);
      callbacks.get('bounceguard-rules.ini')?.();
      expect(reasonNow()).toBe(reason);
    }
  });

  it('keeps the store and throttling when only [suppress] is invalid', async () => {
    const files: Record<string, Ini> = {
      'bounceguard.ini': { store: { backend: 'memory' }, suppress: { escalate_after: 'three' }, throttle: { enabled: true } },
    };
    const { plugin, logs } = fakePlugin(files);
    const rt = await runtime(plugin);
    expect(rt.suppression).toBeNull();
    expect(rt.store).not.toBeNull();
    expect(await throttleRuntime(plugin)).not.toBeNull();
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([
      'error bounceguard: config/bounceguard.ini [suppress] escalate_after=three: must be a number',
      expect.stringMatching(/config\/bounceguard\.ini: 1 problem \(above\): suppress settings refused: suppression is off until the file is fixed; store, throttle settings in force$/),
    ]);
  });

  it('keeps the last good settings through a typo, two typos and a bad value, and says when the fix is in force', async () => {
    const files: Record<string, Ini> = { 'bounceguard.ini': { store: { backend: 'memory' }, suppress: { escalate_after: 3 } } };
    const { plugin, callbacks, logs } = fakePlugin(files);
    const rt = await runtime(plugin);
    const store = rt.store;
    const edit = async (suppress: Record<string, unknown>, reloads: number) => {
      logs.length = 0;
      files['bounceguard.ini'] = { store: { backend: 'memory' }, suppress };
      callbacks.get('bounceguard.ini')?.();
      await waitFor('the reload', () => rt.reloads === reloads, { intervalMs: 5 });
      expect(rt.store).toBe(store);
      return logs.filter((l) => l.startsWith('error')).join('\n');
    };
    const stillThree = () => expect(rt.suppression?.config.escalateAfter).toBe(3);

    expect(await edit({ escalate_afer: 5 }, 1)).toMatch(/\[suppress\] escalate_afer=5: unknown key \(did you mean escalate_after\?\)[\s\S]*the last good suppress settings stay in force/);
    stillThree();
    const two = await edit({ escalate_afer: 5, fail_opne: 'false' }, 2);
    expect(two).toMatch(/escalate_afer=5: unknown key/);
    expect(two).toMatch(/fail_opne=false: unknown key \(did you mean fail_open\?\)/);
    expect(two).toMatch(/2 problems/);
    stillThree();
    expect(await edit({ escalate_after: 'five' }, 3)).toMatch(/\[suppress\] escalate_after=five: must be a number/);
    stillThree();
    expect(await edit({ escalate_after: 5 }, 4)).toBe('');
    expect(logs).toContain('info bounceguard: config/bounceguard.ini is valid again: its configuration is in force');
    expect(rt.suppression?.config.escalateAfter).toBe(5);
  });

  it('turns on a part refused at start once its file is fixed', async () => {
    const files: Record<string, Ini> = { 'bounceguard.ini': { store: { backend: 'memory' }, suppress: { escalate_window_days: 'a week' } } };
    const { plugin, callbacks, logs } = fakePlugin(files);
    const rt = await runtime(plugin);
    expect(rt.suppression).toBeNull();
    expect(logs.join('\n')).toMatch(/escalate_window_days=a week: "a week" is not a duration/);
    files['bounceguard.ini'] = { store: { backend: 'memory' }, suppress: { escalate_window_days: '1d' } };
    callbacks.get('bounceguard.ini')?.();
    await waitFor('the reload', () => rt.reloads === 1, { intervalMs: 5 });
    expect(rt.suppression?.config.escalateWindowMs).toBe(86_400_000);
    expect(logs.at(-1)).toMatch(/is valid again/);
  });

  it('names an unknown section and settings before the first section', async () => {
    const { plugin, logs } = fakePlugin({ 'bounceguard.ini': { main: { backend: 'memory' }, supress: { escalate_after: 2 }, store: { backend: 'memory' } } });
    const rt = await runtime(plugin);
    expect(rt.suppression).not.toBeNull();
    expect(logs).toContain('error bounceguard: config/bounceguard.ini [main]: settings before the first [section] are not read');
    expect(logs).toContain('error bounceguard: config/bounceguard.ini [supress]: unknown section (known: store, suppress, allowlist, throttle, throttle.*)');
  });

  it('tries again after an open that failed', async () => {
    const { plugin, failNextRead } = fakePlugin({ 'bounceguard.ini': { store: { backend: 'memory' } } });
    failNextRead();
    await expect(runtime(plugin)).rejects.toThrow(/config dir unreadable/);
    expect((await runtime(plugin)).store).not.toBeNull();
  });

  it('refuses a timeout_ms that would hold a hook longer than a few seconds', async () => {
    const { plugin, logs } = fakePlugin({ 'bounceguard.ini': { store: { backend: 'memory', timeout_ms: 60_000 } } });
    const rt = await runtime(plugin);
    expect(rt.store).toBeNull();
    expect(logs.join('\n')).toMatch(/\[store\] timeout_ms=60000: must be at most 5000ms.*store settings refused: the store, and with it suppression and throttling, is off/s);
  });
});

describe('bounceguard-suppress at RCPT', () => {
  const connection = { relaying: true, loginfo: () => undefined } as unknown as Haraka.Connection;

  it('defers the recipient when the store does not answer and fail_open=false', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { plugin } = fakePlugin({
        'bounceguard.ini': {
          store: { backend: 'redis', redis_url: `redis://127.0.0.1:${port}`, timeout_ms: 30 },
          suppress: { fail_open: false },
        },
      });
      const calls = await nextCalls((next) => bounceguard_rcpt.call(plugin, next, connection, [{ address: 'a@example.com' }]));
      expect(calls).toEqual([[903, expect.stringMatching(/temporarily/)]]);
    } finally {
      await closeRuntime();
      silent.close();
    }
  });

  it('refuses a suppressed recipient once, even when its entry carries a time no date can show', async () => {
    const { plugin } = fakePlugin({
      'bounceguard.ini': { store: { backend: 'memory' }, suppress: { reject_message: '5.7.1 {scope} is suppressed: {reason} since {since}' } },
    });
    const rt = await runtime(plugin);
    await rt.store?.put({
      key: 'odd@example.com', reason: 'userunknown', bounce: 'hard', source: 'import', code: null, enhanced: null,
      reply: null, provider: null, firstSeen: 1e18, lastSeen: 1e18, count: 1, expiresAt: null,
    });
    const calls = await nextCalls((next) => bounceguard_rcpt.call(plugin, next, connection, [{ address: 'odd@example.com' }]));
    expect(calls).toEqual([[902, '5.7.1 <odd@example.com> is suppressed: userunknown since unknown']]);
  });
});

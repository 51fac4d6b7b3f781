import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SuppressionStore } from '../../src/store';
import { address, callHook, configDir, CONT, eventually, expectNoStrayNext, hmail, makePlugin, runtimeModule } from './helpers';

const requireNative = createRequire(__filename);
const throttleRuntimeModule = requireNative(path.resolve(__dirname, '../../dist/plugins/lib/throttle-runtime.js')) as typeof import('../../plugins/lib/throttle-runtime');

const DENYSOFT = 903;
const DELAY = 908;
const DAY = 86_400_000;

const RATE_LIMITED = { dsn_smtp_code: '421', dsn_smtp_response: '4.7.28 Our system has detected an unusual rate of mail - gsmtp', dsn_action: 'delayed' };
const MAILBOX_FULL = { dsn_smtp_code: '452', dsn_smtp_extc: '4.2.2', dsn_smtp_response: 'Mailbox full', dsn_action: 'delayed' };
const MX = { exchange: 'mx.limited.example' };

let cleanup: (() => void) | undefined;

afterEach(async () => {
  throttleRuntimeModule.resetThrottleRuntime();
  await runtimeModule.closeRuntime();
  cleanup?.();
  cleanup = undefined;
  expectNoStrayNext();
});

/** Counts the store's writes (and reads) from now on. */
function spyOnStore(s: SuppressionStore) {
  const counts = { reads: 0, writes: 0 };
  for (const m of ['put', 'remove', 'importMany', 'recordSoftBounce', 'resetSoftBounces', 'setState', 'purge'] as const) {
    const original = (s[m] as (...a: unknown[]) => unknown).bind(s);
    (s as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => { counts.writes += 1; return original(...a); };
  }
  for (const m of ['get', 'getMany', 'getState'] as const) {
    const original = (s[m] as (...a: unknown[]) => unknown).bind(s);
    (s as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => { counts.reads += 1; return original(...a); };
  }
  return counts;
}

/** The plugin over a memory store, with the given [throttle] keys; log lines collected. */
async function setUp(throttle: string, opts: { init?: boolean } = {}) {
  const cfg = configDir(`[store]\nbackend=memory\n\n[throttle]\n${throttle}\n`);
  cleanup = cfg.cleanup;
  const plugin = makePlugin('bounceguard-throttle', cfg);
  const lines: string[] = [];
  for (const level of ['loginfo', 'lognotice', 'logerror', 'logdebug'] as const) plugin[level] = (l: unknown) => { lines.push(`${level} ${String(l)}`); };
  if (opts.init !== false) await callHook(plugin, 'bounceguard_throttle_init');
  const store = async (): Promise<SuppressionStore> => (await runtimeModule.runtime(plugin)).suppression!.store;
  return { plugin, lines, store };
}

const limited = (fields = RATE_LIMITED) => hmail([address('user@limited.example', fields)]);

async function throttleDeferral(plugin: Record<string, unknown>, mail = limited()) {
  return callHook(plugin, 'bounceguard_throttle_deferred', mail, { delay: 64, err: new Error('Some recipients temp failed'), fail_recips: mail.todo!.rcpt_to, mx: MX });
}

/** send_email with timers frozen: a hook that held the message on a timer would never answer. */
async function sendWithTimersFrozen(plugin: Record<string, unknown>) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
  try {
    return await callHook(plugin, 'bounceguard_send_email', limited());
  } finally {
    vi.useRealTimers();
  }
}

describe('bounceguard-throttle', () => {
  it('registers send_email and the outcome hooks', async () => {
    const { plugin } = await setUp('');
    expect((plugin as unknown as { hooks: Record<string, string[]> }).hooks).toMatchObject({
      send_email: ['bounceguard_send_email'],
      delivered: ['bounceguard_throttle_delivered'],
      deferred: ['bounceguard_throttle_deferred'],
      bounce: ['bounceguard_throttle_bounce'],
    });
  });

  it('send_email: a new destination\'s first message is sent at once; slow start costs one write and no listing', async () => {
    const { plugin, store } = await setUp('');
    const counts = spyOnStore(await store());
    const r = await sendWithTimersFrozen(plugin);
    expect(r).toMatchObject({ code: CONT, msg: undefined });
    expect(counts.writes).toBe(1);
    expect(await (await store()).getState('throttle:domain:limited.example')).toMatchObject({ rate: 2, slowStart: 0 });
    expect(await (await store()).getState('throttle:index')).toBeNull();
  });

  it('send_email: with slow_start=none an unthrottled destination is sent at once, with no store write', async () => {
    const { plugin, store } = await setUp('slow_start=none');
    const counts = spyOnStore(await store());
    const r = await sendWithTimersFrozen(plugin);
    expect(r).toMatchObject({ code: CONT, msg: undefined });
    expect(counts.writes).toBe(0);
    expect(await (await store()).getState('throttle:index')).toBeNull();
  });

  it('deferred: a throttle deferral is retried in 1 s without counting as a failure, and cuts the pace', async () => {
    const { plugin, lines, store } = await setUp('start_rate=1/s\nmax_hold=0');
    const mail = limited();
    mail.num_failures = 3;
    const r = await throttleDeferral(plugin, mail);
    expect(r).toMatchObject({ code: DENYSOFT, msg: 1 });
    expect(mail.num_failures).toBe(2);
    await eventually(async () => (lines.some((l) => l.includes('throttle domain:limited.example: cut unthrottled -> 1/s')) ? true : undefined));
    expect(await (await store()).getState('throttle:domain:limited.example')).toMatchObject({ rate: 1, lastSignalRule: expect.any(String) });
  });

  it('send_email: a paced destination gets DELAYs of whole seconds, at least 1, growing with the queue', async () => {
    const { plugin } = await setUp('start_rate=1/s\nmax_hold=0');
    await throttleDeferral(plugin);
    await eventually(async () => ((await callHook(plugin, 'bounceguard_send_email', limited())).code === DELAY ? true : undefined));
    const delays: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await callHook(plugin, 'bounceguard_send_email', limited());
      expect(r.code).toBe(DELAY);
      delays.push(r.msg);
    }
    for (const d of delays) expect(Number.isInteger(d) && (d as number) >= 1).toBe(true);
    expect(delays).toEqual([...(delays as number[])].sort((a, b) => a - b));
    expect(delays[4]).toBeGreaterThan(delays[0] as number);
  });

  it('send_email: a message that comes back for its booked slot is sent, not delayed again', async () => {
    const { plugin } = await setUp('start_rate=2/s\nmax_hold=0');
    await throttleDeferral(plugin);
    const mail = limited();
    const first = await eventually(async () => {
      const r = await callHook(plugin, 'bounceguard_send_email', mail);
      return r.code === DELAY ? r : undefined;
    });
    await new Promise((res) => setTimeout(res, (first.msg as number) * 1000 + 50));
    expect(await callHook(plugin, 'bounceguard_send_email', mail)).toMatchObject({ code: CONT });
  });

  it('send_email: a message waiting in the hook for its slot asks again when a cut came meanwhile', async () => {
    const { plugin, store } = await setUp('start_rate=1/s\nmax_hold=1s\ndecrease_factor=0.1\ncooldown=0s');
    await throttleDeferral(plugin);
    await eventually(async () => ((await (await store()).getState<{ rate: number }>('throttle:domain:limited.example'))?.rate === 1 ? true : undefined));
    const held = callHook(plugin, 'bounceguard_send_email', limited());
    await throttleDeferral(plugin);
    // Without the second look it would go when its slot at the old pace came: CONT.
    const r = await held;
    expect(r.code).toBe(DELAY);
    expect(r.msg).toBeGreaterThanOrEqual(1);
  });

  it('deferred: past max_age a throttle deferral is left to Haraka\'s schedule', async () => {
    const { plugin } = await setUp('max_age=1d');
    const mail = limited();
    mail.todo!.queue_time = Date.now() - 2 * DAY;
    mail.num_failures = 5;
    expect(await throttleDeferral(plugin, mail)).toMatchObject({ code: CONT });
    expect(mail.num_failures).toBe(5);
  });

  it('deferred: any other temporary failure keeps Haraka\'s schedule', async () => {
    const { plugin } = await setUp('');
    const mixed = hmail([address('a@limited.example', RATE_LIMITED), address('b@limited.example', MAILBOX_FULL)]);
    mixed.num_failures = 1;
    expect(await throttleDeferral(plugin, mixed)).toMatchObject({ code: CONT });
    expect(await throttleDeferral(plugin, limited(MAILBOX_FULL))).toMatchObject({ code: CONT });
    expect(mixed.num_failures).toBe(1);
  });

  it('delivered and bounce answer CONT at once and feed the controller', async () => {
    const { plugin, lines } = await setUp('start_rate=1/s');
    const ok = address('user@limited.example');
    expect(await callHook(plugin, 'bounceguard_throttle_delivered', hmail([ok]), ['mx.limited.example', '127.0.0.1', 'OK', 1, 25, 'SMTP', [ok]])).toMatchObject({ code: CONT, sync: true });
    const rcpt = address('user@limited.example', RATE_LIMITED);
    const err = Object.assign(new Error('Too many failures'), { bounced_rcpt: [rcpt], mx: MX });
    const r = await callHook(plugin, 'bounceguard_throttle_bounce', hmail([rcpt]), err);
    // At once: next() came before the hook even returned, so nothing was waited for.
    expect(r).toMatchObject({ code: CONT, sync: true });
    await eventually(async () => (lines.some((l) => /lognotice .*cut unthrottled -> 1\/s/.test(l)) ? true : undefined));
  });

  it('lets mail go when the store hangs or fails, within the time budget', async () => {
    const { plugin, store } = await setUp('start_rate=1/s\nmax_hold=0');
    await throttleDeferral(plugin);
    await eventually(async () => ((await callHook(plugin, 'bounceguard_send_email', limited())).code === DELAY ? true : undefined));
    const s = await store();
    let hungCalls = 0;
    s.getState = () => { hungCalls += 1; return new Promise(() => undefined); };
    // Paced a moment ago, so only the budget's fallback can let this one go (vitest's timeout bounds the wait).
    const hung = await callHook(plugin, 'bounceguard_send_email', limited());
    expect(hungCalls).toBeGreaterThan(0);
    expect(hung.code).toBe(CONT);
    s.getState = () => Promise.reject(new Error('disk on fire'));
    expect(await callHook(plugin, 'bounceguard_send_email', limited())).toMatchObject({ code: CONT });
    // The deferred decision needs no store: still a quick retry.
    expect(await throttleDeferral(plugin)).toMatchObject({ code: DENYSOFT, msg: 1 });
  });

  for (const [name, body, line] of [
    ['disabled', 'enabled=false', /loginfo bounceguard: throttle disabled \(\[throttle\] enabled=false\)/],
    ['invalid', 'floor=fast', /logerror bounceguard: config\/bounceguard.ini \[throttle\] floor=fast: "fast" is not a rate/],
  ] as const) {
    it(`${name} config: every hook just calls next(), with one log line`, async () => {
      const { plugin, lines } = await setUp(body);
      const mail = limited();
      mail.num_failures = 2;
      expect(await throttleDeferral(plugin, mail)).toMatchObject({ code: CONT });
      expect(mail.num_failures).toBe(2);
      expect(await callHook(plugin, 'bounceguard_send_email', limited())).toMatchObject({ code: CONT });
      expect(await callHook(plugin, 'bounceguard_send_email', limited())).toMatchObject({ code: CONT });
      expect(lines.filter((l) => line.test(l))).toHaveLength(1);
    });
  }
});

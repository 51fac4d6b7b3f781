import { beforeEach, describe, expect, it } from 'vitest';
import { classify, loadRuleSet } from '../../src/classify';
import { DEFAULT_RULES, parseAlertsConfig, type AlertRule } from '../../src/alerts/config';
import { evaluateAlerts, ALERT_STATE_KEY, type AlertState } from '../../src/alerts/evaluate';
import { recordSamples } from '../../src/alerts/samples';
import { recordInWindows, windowTotals, subjectsIn } from '../../src/alerts/windows';
import type { OutcomeData } from '../../src/events/types';
import { MemoryStore } from '../../src/store/memory';

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const MIN = 60_000;
const rules = loadRuleSet(() => ({}));

/** Real replies, classified by the built-in rules. */
const REPLIES = {
  ok: '250 2.0.0 OK',
  unknown: '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown',
  blocked: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
  throttled: '421 4.7.28 mail sent from your IP address has been temporarily rate limited',
  auth: "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy",
  complaint: 'abuse report: this message is spam',
};
type Kind = keyof typeof REPLIES;

function obs(kind: Kind, over: Partial<OutcomeData> = {}): OutcomeData {
  const reply = REPLIES[kind];
  const outcome = kind === 'complaint'
    ? { ...classify({ reply: REPLIES.ok }, rules), reason: 'feedback' as const, bounce: 'none' as const, rule: 'arf' }
    : classify({ reply, stage: 'rcpt' }, rules);
  const eventKind = kind === 'ok' ? 'delivered' : kind === 'complaint' ? 'complaint' : kind === 'throttled' ? 'deferred' : 'bounce';
  return {
    kind: eventKind, queueId: 'q', sender: 'news@shop.example', recipient: 'r@gmail.com', reply, outcome,
    senderDomain: 'shop.example', destination: 'gmail.com', localIp: '192.0.2.1', campaign: 'spring', ...over,
  };
}

const many = (n: number, kind: Kind, over?: Partial<OutcomeData>) => Array.from({ length: n }, () => obs(kind, over));
const rule = (name: string): AlertRule => ({ name, ...DEFAULT_RULES[name] });

describe('rolling windows', () => {
  let t: number;
  let store: MemoryStore;
  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
  });

  it('counts each subject per window and lets old buckets slide out', async () => {
    await recordInWindows(store, [...many(3, 'ok'), obs('unknown')], t);
    const sender = { dimension: 'sender' as const, value: 'shop.example' };
    expect(await windowTotals(store, '15m', sender, t)).toMatchObject({ final: 4, attempts: 4, hard: 1, unknown: 1, 'hard@gmail.com': 1, [`unknown#${obs('unknown').outcome.rule}`]: 1 });
    t = T0 + 10 * MIN;
    await recordInWindows(store, [obs('unknown')], t);
    expect((await windowTotals(store, '15m', sender, t)).final).toBe(5);
    // 16 minutes on, the first batch has left the 15-minute window but not the hour.
    t = T0 + 16 * MIN;
    expect((await windowTotals(store, '15m', sender, t)).final).toBe(1);
    expect((await windowTotals(store, '1h', sender, t)).final).toBe(5);
    t = T0 + 25 * 60 * MIN;
    expect(await windowTotals(store, '24h', sender, t)).toEqual({});
  });

  it('lists every dimension: sender domain, destination, local IP and campaign', async () => {
    await recordInWindows(store, [obs('ok'), obs('ok', { campaign: null, destination: 'yahoo.com' })], t);
    const ids = (await subjectsIn(store, '1h', t)).map((s) => `${s.dimension}:${s.value}`).sort();
    expect(ids).toEqual(['campaign:spring', 'destination:gmail.com', 'destination:yahoo.com', 'ip:192.0.2.1', 'sender:shop.example']);
  });
});

/**
 * Every rule on a simulated stream: below the minimum volume nothing happens; a bad stretch raises
 * once; it holds between the thresholds; it clears below `clear`; a raised alert is evaluated once.
 */
const STREAMS: Array<{ name: string; bad: (n: number) => OutcomeData[]; good: (n: number) => OutcomeData[]; dimension: string; subject: string }> = [
  { name: 'hard_bounce', bad: (n) => many(n, 'unknown'), good: (n) => many(n, 'ok'), dimension: 'sender', subject: 'shop.example' },
  { name: 'complaint', bad: (n) => many(n, 'complaint'), good: (n) => many(n, 'ok'), dimension: 'sender', subject: 'shop.example' },
  { name: 'throttling', bad: (n) => many(n, 'throttled'), good: (n) => many(n, 'ok'), dimension: 'destination', subject: 'gmail.com' },
  { name: 'auth_failure', bad: (n) => many(n, 'auth'), good: (n) => many(n, 'ok'), dimension: 'sender', subject: 'shop.example' },
  { name: 'unknown_users', bad: (n) => many(n, 'unknown'), good: (n) => many(n, 'ok'), dimension: 'sender', subject: 'shop.example' },
];

describe.each(STREAMS)('rule $name', ({ name, bad, good, dimension, subject }) => {
  // One dimension, so that each change is one alert (the other dimensions see the same stream).
  const r = { ...rule(name), dimensions: [dimension as AlertRule['dimensions'][number]] };
  let t: number;
  let store: MemoryStore;
  const feed = async (batch: OutcomeData[]) => {
    await recordInWindows(store, batch, t);
    await recordSamples(store, batch);
  };
  const evaluate = () => evaluateAlerts(store, [r], t);
  /** Bad outcomes needed for the measure to sit at `rate` of `volume`. */
  const badFor = (rate: number, volume: number) => Math.ceil(rate * volume);
  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
  });

  it('waits for the minimum volume, raises once, holds between the thresholds, clears below clear', async () => {
    const below = r.minVolume - 1;
    const n = badFor(r.raise * 2, below);
    await feed([...bad(n), ...good(below - n)]);
    expect(await evaluate()).toEqual([]);

    const volume = r.minVolume * 2;
    const more = badFor(r.raise * 1.5, volume);
    await feed([...bad(more - n), ...good(volume - more - (below - n))]);
    const raised = await evaluate();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ state: 'raised', rule: name, severity: r.severity, dimension, subject });
    expect(raised[0].evidence.count).toBe(more);
    expect(raised[0].evidence.sampleReplies.length).toBeGreaterThan(0);
    expect(Object.keys(raised[0].evidence.rules).length).toBeGreaterThan(0);
    expect(await evaluate()).toEqual([]);

    // Diluted to between clear and raise: it holds.
    const held = Math.floor(more / ((r.raise + r.clear) / 2)) - volume;
    await feed(good(held));
    expect(await evaluate()).toEqual([]);
    expect(Object.keys((await store.getState<AlertState>(ALERT_STATE_KEY))!.active)).toContain(`${name}:${dimension}:${subject}`);

    // Diluted below clear: it clears, once.
    await feed(good(Math.ceil(more / (r.clear || 0.0001)) * 2));
    const cleared = await evaluate();
    expect(cleared.map((a) => [a.state, a.key])).toContainEqual(['cleared', `${name}:${dimension}:${subject}`]);
    expect(await evaluate()).toEqual([]);
  });

  it('clears when the window empties', async () => {
    await feed([...bad(r.minVolume), ...good(r.minVolume)]);
    expect((await evaluate()).map((a) => a.state)).toContain('raised');
    t += 25 * 60 * MIN;
    expect((await evaluate()).map((a) => a.state)).toContain('cleared');
  });
});

describe('rule blocklisting', () => {
  const r = rule('blocklisting');
  let t: number;
  let store: MemoryStore;
  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
  });
  const blockedBy = (destination: string, n = 1) => many(n, 'blocked', { destination });
  const feed = async (batch: OutcomeData[]) => {
    await recordInWindows(store, batch, t);
    await recordSamples(store, batch);
  };

  it('raises when several providers refuse the sender, holds, and clears as they stop', async () => {
    await feed([...blockedBy('gmail.com', 5), ...blockedBy('outlook.com', 5)]);
    expect(await evaluateAlerts(store, [r], t)).toEqual([]);
    await feed(blockedBy('yahoo.com'));
    const raised = await evaluateAlerts(store, [r], t);
    expect(raised.map((a) => `${a.dimension}:${a.subject}`).sort()).toEqual(['ip:192.0.2.1', 'sender:shop.example']);
    expect(raised[0].evidence).toMatchObject({ value: 3, count: 11, providers: { 'gmail.com': 5, 'outlook.com': 5, 'yahoo.com': 1 }, rules: { 'text.blocklist': 11 } });
    expect(raised[0].evidence.sampleReplies).toEqual([REPLIES.blocked]);
    expect(await evaluateAlerts(store, [r], t)).toEqual([]);
    // The hour's window moves on: the first refusals leave it; two providers still refusing hold it.
    t = T0 + 30 * MIN;
    await feed([...blockedBy('gmail.com'), ...blockedBy('outlook.com')]);
    t = T0 + 64 * MIN;
    expect(await evaluateAlerts(store, [r], t)).toEqual([]);
    t = T0 + 95 * MIN;
    expect((await evaluateAlerts(store, [r], t)).map((a) => a.state)).toEqual(['cleared', 'cleared']);
  });

  it('needs the minimum number of refusals', async () => {
    await feed([...blockedBy('a.example'), ...blockedBy('b.example')]);
    expect(await evaluateAlerts(store, [{ ...r, raise: 2, clear: 1 }], t)).toEqual([]);
  });
});

describe('bounceguard-alerts.ini', () => {
  it('defaults to the practices, disabled until enabled', () => {
    const c = parseAlertsConfig({});
    expect(c.enabled).toBe(false);
    expect(c.rules.map((r) => r.name)).toEqual(Object.keys(DEFAULT_RULES));
    expect(c.rules.find((r) => r.name === 'hard_bounce')).toMatchObject({ raise: 0.02, window: '1h' });
  });

  it('overrides a rule, turns one off, and refuses nonsense', () => {
    const c = parseAlertsConfig({ main: { enabled: true }, hard_bounce: { raise: '0.05', dimensions: 'sender' }, complaint: { enabled: false } });
    expect(c.rules.find((r) => r.name === 'hard_bounce')).toMatchObject({ raise: 0.05, dimensions: ['sender'] });
    expect(c.rules.some((r) => r.name === 'complaint')).toBe(false);
    expect(() => parseAlertsConfig({ hard_bounce: { raise: 0.01, clear: 0.02 } })).toThrow(/config\/bounceguard-alerts\.ini \[hard_bounce\] clear=0\.02: must not be above raise \(0\.01\)/);
    expect(() => parseAlertsConfig({ hard_bounce: { dimensions: 'planet' } })).toThrow(/\[hard_bounce\] dimensions=planet: must be one of sender, destination, ip, campaign/);
  });
});

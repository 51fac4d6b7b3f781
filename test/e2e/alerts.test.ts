import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_STATE_KEY, type AlertState } from '../../src/alerts';
import { classify } from '../../src/classify';
import { EVENT_STREAM, type BounceguardEvent } from '../../src/events';
import { openStore, parseStoreConfig, type SuppressionStore } from '../../src/store';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

const PROVIDERS = ['gmail.com', 'outlook.com', 'yahoo.com'];
const BLOCKED = { code: 554, message: '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org' };
const UNKNOWN = { code: 550, message: '5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table' };

const ALERTS_INI = `[main]
enabled=true
evaluate_interval_ms=200
; One dimension each, so that each alert is one line to count.
[blocklisting]
dimensions=sender
[hard_bounce]
dimensions=sender
[unknown_users]
enabled=false
`;

const SETUPS = [
  { name: 'one process, SQLite', nodes: 0, redis: false },
  { name: 'two workers sharing the SQLite windows', nodes: 2, redis: false },
  { name: 'two workers sharing Redis windows', nodes: 2, redis: true },
];

describe.each(SETUPS.filter((s) => !s.redis || redisAvailable()))('alerts from a real Haraka ($name)', ({ nodes, redis: withRedis }) => {
  let mx: FakeMx;
  let haraka: RunningHaraka;
  let tmp: string;
  let redis: RedisForTest | undefined;
  const prefix = uniquePrefix('e2e-alerts');
  let storeSection: Record<string, string | number>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-alerts-'));
    if (withRedis) redis = await useRedis();
    storeSection = redis
      ? { backend: 'redis', redis_url: redis.url, redis_prefix: prefix, spool_path: path.join(tmp, 'spool'), timeout_ms: 1000 }
      : { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool'), timeout_ms: 1000 };
    // timeout_ms: a loaded test machine must not turn the store "down" (its outage handling has its own tests).
    mx = await startFakeMx({
      replyFor: (rcpt) => {
        if (PROVIDERS.some((p) => rcpt.endsWith(`@${p}`))) return BLOCKED;
        return rcpt.startsWith('unknown') ? UNKNOWN : null;
      },
    });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress', 'bounceguard-signals'],
      pluginFiles: packPluginFiles(['record', 'suppress', 'signals']),
      nodes,
      config: {
        'bounceguard.ini': bounceguardIni(storeSection),
        'bounceguard-alerts.ini': ALERTS_INI,
      },
    });
  }, 90_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (redis) {
      try {
        await deleteKeys(redis.url, prefix);
      } finally {
        await redis.release();
      }
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const send = (from: string, to: string[], headers: Record<string, string> = {}) => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    return t.sendMail({ from, to, subject: 'signals', text: 'hello', headers }).finally(() => t.close());
  };
  const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) =>
    waitFor(what, probe, { timeoutMs: 40_000, intervalMs: 200, context: () => recentLines(haraka.logs(), /bounceguard|CRIT|ERROR/) });
  const withStore = async <T>(read: (s: SuppressionStore) => Promise<T>) => {
    const store = await openStore(parseStoreConfig({ store: storeSection }, tmp), { waitReadyMs: 5000 });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const raisedLines = (rule: string) => haraka.logs().split('\n').filter((l) => l.includes(`bounceguard: alert raised: [critical] ${rule}:`));
  const alertEvents = () => withStore(async (s) => (await s.readLog(EVENT_STREAM, 0, 100_000))
    .map((i) => JSON.parse(i.item) as BounceguardEvent).filter((e) => e.type === 'alert'));

  it('raises the blocklisting alert once when three providers refuse the sender, with its evidence', async () => {
    for (const p of PROVIDERS) await send('news@blocked.example', [`someone@${p}`]);
    await until('the blocklisting alert', () => raisedLines('blocklisting').length > 0 || undefined);
    // Several more evaluations pass: the alert holds, it is not raised again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(raisedLines('blocklisting')).toHaveLength(1);
    expect(raisedLines('blocklisting')[0]).toContain('sender blocked.example');
    const state = await withStore((s) => s.getState<AlertState>(ALERT_STATE_KEY));
    const alert = state!.active['blocklisting:sender:blocked.example'];
    expect(alert.evidence).toMatchObject({ value: 3, count: 3, providers: { 'gmail.com': 1, 'outlook.com': 1, 'yahoo.com': 1 }, rules: { 'text.blocklist': 3 } });
    expect(alert.evidence.sampleReplies[0]).toMatch(/^554 5\.7\.1 .*blocked using zen\.spamhaus\.org/);
    const events = (await alertEvents()).filter((e) => e.type === 'alert' && e.data.rule === 'blocklisting');
    expect(events).toHaveLength(1);
  }, 60_000);

  it('raises the bounce-rate alert for a sending domain whose batch has more than 2% unknown users', async () => {
    const rcpts = Array.from({ length: 120 }, (_, i) => (i % 20 === 0 ? `unknown${i}@list.example` : `reader${i}@list.example`));
    await send('news@shop.example', rcpts, { 'X-Campaign': 'Spring Sale' });
    await until('the hard-bounce alert', () => raisedLines('hard_bounce').length > 0 || undefined);
    await new Promise((r) => setTimeout(r, 1000));
    expect(raisedLines('hard_bounce')).toHaveLength(1);
    const state = await withStore((s) => s.getState<AlertState>(ALERT_STATE_KEY));
    const alert = state!.active['hard_bounce:sender:shop.example'];
    expect(alert.evidence).toMatchObject({ count: 6, volume: 120, value: 0.05 });
    expect(alert.evidence.rules).toEqual({ [classify({ reply: `${UNKNOWN.code} ${UNKNOWN.message}`, stage: 'rcpt' }).rule]: 6 });
    // The sender that was only blocked has no bounce-rate alert: blocks are not a bad list.
    expect(state!.active['hard_bounce:sender:blocked.example']).toBeUndefined();
    // The campaign header travelled with the message to its outcome events.
    const outcomes = await withStore(async (s) => (await s.readLog(EVENT_STREAM, 0, 100_000))
      .map((i) => JSON.parse(i.item) as BounceguardEvent).filter((e) => e.type === 'outcome' && e.data.recipient.endsWith('@list.example')));
    expect(outcomes.length).toBe(120);
    expect(new Set(outcomes.map((e) => e.type === 'outcome' && e.data.campaign))).toEqual(new Set(['Spring Sale']));
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInWindows } from '../../src/alerts';
import { ALERT_STATE_KEY } from '../../src/alerts';
import { makeEvent, publish, type OutcomeData } from '../../src/events';
import type { SuppressionEntry } from '../../src/store/types';
import { newPaceState, SharedPaceStore } from '../../src/throttle';
import { ensureBuilt, runCli } from '../helpers/cli';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';
import { harakaDir, RO, startApi, type TestApi } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-http-api-'));
let redis: RedisForTest | null = null;
const prefix = uniquePrefix('http-api');
const withRedis = redisAvailable();

beforeAll(async () => {
  ensureBuilt();
  if (withRedis) redis = await useRedis();
});
afterAll(async () => {
  if (redis) {
    await deleteKeys(redis.url, prefix);
    await redis.release();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const backends: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({ backend: 'sqlite', sqlite_path: path.join(tmp, 'sqlite.db') })],
];
if (withRedis) backends.push(['redis', () => ({ backend: 'redis', redis_url: redis!.url, redis_prefix: prefix })]);

const entry = (key: string, over: Partial<SuppressionEntry> = {}): SuppressionEntry => ({
  key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1', reply: '550 5.1.1 no such user',
  provider: null, firstSeen: 1_700_000_000_000, lastSeen: 1_700_000_000_000, count: 1, expiresAt: null, ...over,
});

const outcome = (kind: OutcomeData['kind'], reason: string, senderDomain: string, destination: string, bounce: 'hard' | 'soft' | 'none' = 'none'): OutcomeData => ({
  kind, queueId: 'q1', sender: `news@${senderDomain}`, recipient: `r@${destination}`, reply: '250 ok',
  outcome: { reason, bounce, rule: `test.${reason}`, suppress: bounce === 'hard', throttle: false, inDoubt: false, provider: null } as unknown as OutcomeData['outcome'],
  senderDomain, destination, localIp: 'default', campaign: null,
});

describe.each(backends)('HTTP API over %s', (name, storeOf) => {
  let api: TestApi;
  let dir: string;
  const json = async (res: Response) => ({ status: res.status, body: await res.json() as Record<string, any> });

  beforeAll(async () => {
    dir = harakaDir(tmp, name, storeOf());
    api = await startApi(dir, storeOf());
  });
  afterAll(async () => api?.close());

  describe('authentication', () => {
    it('refuses a request without a token or with an unknown one, naming the scheme', async () => {
      const none = await api.call('GET', '/api/suppressions', { token: null });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await none.json()).error).toBe('unauthorized');
      expect((await api.call('GET', '/api/suppressions', { token: `${RO}x` })).status).toBe(401);
      expect((await api.call('GET', '/api/check?address=a@b.example', { token: 'Basic abc' })).status).toBe(401);
    });

    it('lets a read-only token read but not write', async () => {
      expect((await api.call('GET', '/api/suppressions', { token: RO })).status).toBe(200);
      expect((await api.call('POST', '/api/check', { token: RO, json: { addresses: ['a@b.example'] } })).status).toBe(200);
      const write = await json(await api.call('POST', '/api/suppressions', { token: RO, json: { address: 'ro@b.example', reason: 'userunknown' } }));
      expect(write).toEqual({ status: 403, body: { error: 'forbidden', message: 'token "viewer" is read-only' } });
      expect((await api.call('DELETE', '/api/suppressions/x@b.example', { token: RO })).status).toBe(403);
      expect(await api.store.get('ro@b.example')).toBeNull();
    });

    it('serves the OpenAPI document and the dashboard files without a token, the data with one only', async () => {
      const doc = await json(await api.call('GET', '/api/openapi.json', { token: null }));
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
        '/api/suppressions', '/api/suppressions/{address}', '/api/suppressions/import', '/api/suppressions/export',
        '/api/check', '/api/stats', '/api/destinations', '/api/destinations/{key}/release', '/api/alerts', '/api/events', '/api/outcomes', '/api/senders',
      ]));
      const page = await api.call('GET', '/', { token: null });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await page.text()).toContain('/ui/uPlot.iife.min.js');
      expect((await api.call('GET', '/ui/uPlot.iife.min.js', { token: null })).status).toBe(200);
    });
  });

  describe('suppressions', () => {
    it('adds, reads, lists and removes an entry, logging each write with its token name', async () => {
      const added = await json(await api.call('POST', '/api/suppressions', { json: { address: '<Bob@Example.COM>', reason: 'mailboxfull', expires: '30d' } }));
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ address: 'bob@example.com', reason: 'mailboxfull', source: 'manual', bounce: 'hard' });
      expect(Date.parse(added.body.expires_at) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      expect((await api.store.get('bob@example.com'))?.reason).toBe('mailboxfull');

      const got = await json(await api.call('GET', `/api/suppressions/${encodeURIComponent('BOB@example.com')}`));
      expect(got.body.address).toBe('bob@example.com');
      const checked = await json(await api.call('GET', '/api/check?address=bob@example.com'));
      expect(checked.body).toMatchObject({ address: 'bob@example.com', status: 'suppressed', entry: { reason: 'mailboxfull' } });

      expect((await json(await api.call('DELETE', '/api/suppressions/bob@example.com'))).body).toEqual({ removed: 'bob@example.com' });
      expect(await api.store.get('bob@example.com')).toBeNull();
      expect((await api.call('GET', '/api/suppressions/bob@example.com')).status).toBe(404);
      expect((await api.call('DELETE', '/api/suppressions/bob@example.com')).status).toBe(404);
      expect(api.logs).toEqual(expect.arrayContaining([
        expect.stringMatching(/^bounceguard: http: admin suppressed bob@example\.com \(mailboxfull, until /),
        'bounceguard: http: admin removed bob@example.com',
      ]));
    });

    it('refuses a malformed address, an unknown reason, a bad expiry and unknown fields with a clear body', async () => {
      const bad = await json(await api.call('POST', '/api/suppressions', { json: { address: 'not an address', reason: 'userunknown' } }));
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: 'bad_address', message: expect.stringContaining('not an address') });
      expect((await json(await api.call('GET', '/api/check?address=a@@b'))).body).toMatchObject({ status: 'invalid' });
      expect((await api.call('GET', '/api/suppressions/nobody')).status).toBe(400);
      const long = `${'l'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.example`;
      expect((await json(await api.call('GET', `/api/suppressions/${long}`))).body.message).toBe(`${long} is not on the list`);
      const reason = await json(await api.call('POST', '/api/suppressions', { json: { address: 'a@b.example', reason: 'because' } }));
      expect(reason).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('reason') } });
      const expiry = await json(await api.call('POST', '/api/suppressions', { json: { address: 'a@b.example', reason: 'userunknown', expires: 'soon' } }));
      expect(expiry).toMatchObject({ status: 400, body: { message: expect.stringContaining('expires') } });
      expect((await api.call('POST', '/api/suppressions', { json: { address: 'a@b.example', reason: 'userunknown', extra: 1 } })).status).toBe(400);
      expect((await api.call('POST', '/api/suppressions', { body: '{"address":', type: 'application/json' })).status).toBe(400);
      expect(await api.store.get('a@b.example')).toBeNull();
    });

    it('refuses an oversized body with 413 and stores nothing of it', async () => {
      const addresses = Array.from({ length: 60_000 }, (_, i) => `user${i}@big.example`);
      const res = await json(await api.call('POST', '/api/check', { json: { addresses } }));
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('too_large');
    });

    it('pages through the list in key order with a cursor and the total, and refuses a forged cursor', async () => {
      const keys = Array.from({ length: 23 }, (_, i) => `p${String(i).padStart(2, '0')}@paging.example`);
      await api.store.importMany(keys.map((k) => entry(k)));
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const q: string = `/api/suppressions?domain=paging.example&limit=10${after ? `&after=${after}` : ''}`;
        const page = await json(await api.call('GET', q));
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(23);
        seen.push(...page.body.items.map((e: { address: string }) => e.address));
        after = page.body.next;
      } while (after);
      expect(seen).toEqual(keys);

      for (const cursor of ['%%%', 'bm9wZQ', 'a'.repeat(2000)]) {
        const res = await json(await api.call('GET', `/api/suppressions?after=${cursor}`));
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/bad_cursor|bad_request/);
      }
      expect((await api.call('GET', '/api/suppressions?limit=0')).status).toBe(400);
      expect((await api.call('GET', '/api/suppressions?since=yesterday')).status).toBe(400);
    });

    it('filters by text, reason, source and last-seen time', async () => {
      await api.store.importMany([
        entry('alice@filters.example', { reason: 'mailboxfull', lastSeen: 1_800_000_000_000 }),
        entry('bob@filters.example', { source: 'arf', reason: 'feedback' }),
        entry('@filters-dead.example', { reason: 'hostunknown', source: 'dsn' }),
      ]);
      const list = async (q: string) => (await json(await api.call('GET', `/api/suppressions?${q}`))).body;
      expect((await list('contains=ALICE')).items.map((e: any) => e.address)).toEqual(['alice@filters.example']);
      expect((await list('contains=filters&reason=feedback')).items.map((e: any) => e.address)).toEqual(['bob@filters.example']);
      expect((await list('contains=filters&source=dsn')).items.map((e: any) => e.address)).toEqual(['@filters-dead.example']);
      const since = await list(`contains=filters&since=${new Date(1_750_000_000_000).toISOString()}`);
      expect(since.items.map((e: any) => e.address)).toEqual(['alice@filters.example']);
      expect(since.total).toBe(1);
      expect((await list('contains=filters&until=1750000000000')).total).toBe(2);
      const domain = await json(await api.call('GET', '/api/check?address=anyone@filters-dead.example'));
      expect(domain.body).toMatchObject({ status: 'suppressed', entry: { address: '@filters-dead.example' } });
    });

    it('checks many addresses in order', async () => {
      await api.store.put(entry('many1@check.example'));
      const res = await json(await api.call('POST', '/api/check', { json: { addresses: ['many1@check.example', 'many2@check.example', 'broken'] } }));
      expect(res.body.results.map((r: any) => r.status)).toEqual(['suppressed', 'clear', 'invalid']);
      expect((await api.call('POST', '/api/check', { json: { addresses: [] } })).status).toBe(400);
    });

    it('keeps every concurrent write: distinct adds all land, adds of one address merge, one of racing removals wins', async () => {
      const adds = Array.from({ length: 40 }, (_, i) => api.call('POST', '/api/suppressions', { json: { address: `c${i}@race.example`, reason: 'userunknown' } }));
      const same = Array.from({ length: 20 }, () => api.call('POST', '/api/suppressions', { json: { address: 'same@race.example', reason: 'userunknown' } }));
      const statuses = (await Promise.all([...adds, ...same])).map((r) => r.status);
      expect(statuses.every((s) => s === 201)).toBe(true);
      const page = await json(await api.call('GET', '/api/suppressions?domain=race.example&limit=100'));
      expect(page.body.total).toBe(41);
      expect((await api.store.get('same@race.example'))!.count).toBe(20);

      const removals = await Promise.all(Array.from({ length: 10 }, () => api.call('DELETE', '/api/suppressions/same@race.example')));
      expect(removals.map((r) => r.status).sort()).toEqual([200, ...new Array(9).fill(404)]);
    });
  });

  describe('import and export', () => {
    it('imports CSV and JSON Lines streams, reporting bad lines by number, and exports what the CLI reads back', async () => {
      const csv = 'address,reason,source\nimp1@bulk.example,userunknown,import\nnot-an-address,userunknown,\nimp2@bulk.example,hostunknown,\n';
      const res = await json(await api.call('POST', '/api/suppressions/import', { body: csv, type: 'text/csv' }));
      expect(res.body).toEqual({ imported: 2, bad: 1, errors: [{ line: 3, error: expect.stringContaining('not an address') }] });
      const jsonl = `${JSON.stringify({ address: 'imp3@bulk.example', reason: 'feedback', source: 'arf' })}\n{"address": 12}\n`;
      const res2 = await json(await api.call('POST', '/api/suppressions/import', { body: jsonl, type: 'application/x-ndjson' }));
      expect(res2.body).toMatchObject({ imported: 1, bad: 1 });
      expect((await api.store.get('imp3@bulk.example'))?.source).toBe('arf');
      expect(api.logs).toContain('bounceguard: http: admin imported 2 entries (csv, 1 bad lines)');

      for (const format of ['csv', 'jsonl'] as const) {
        const exported = await api.call('GET', `/api/suppressions/export?format=${format}`);
        expect(exported.headers.get('content-type')).toContain(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
        const text = await exported.text();
        const cli = await runCli(['--config', dir, 'suppression', 'export', '--format', format]);
        expect(cli.code).toBe(0);
        expect(text).toBe(cli.stdout);
        expect(text).toContain('imp2@bulk.example');
      }
    });

    it('refuses an import body of another type, or beyond import_limit', async () => {
      expect((await api.call('POST', '/api/suppressions/import', { body: 'x', type: 'text/plain' })).status).toBe(415);
      const small = await startApi(dir, storeOf(), { import_limit: '2KB' });
      try {
        const lines = Array.from({ length: 200 }, (_, i) => `toolong${i}@limit.example,userunknown`).join('\n');
        const res = await json(await small.call('POST', '/api/suppressions/import', { body: lines, type: 'text/csv' }));
        expect(res.status).toBe(413);
        expect(res.body.error).toBe('too_large');
      } finally {
        await small.close();
      }
    });
  });

  describe('CLI parity', () => {
    it('sees what the CLI wrote, and the CLI sees what the API wrote', async () => {
      const cliAdd = await runCli(['--config', dir, 'suppression', 'add', 'fromcli@parity.example', '--reason', 'userunknown']);
      expect(cliAdd.code).toBe(0);
      expect((await json(await api.call('GET', '/api/suppressions/fromcli@parity.example'))).body.source).toBe('manual');
      await api.call('POST', '/api/suppressions', { json: { address: 'fromapi@parity.example', reason: 'mailboxfull' } });
      const check = await runCli(['--config', dir, 'check', 'fromapi@parity.example', '--json']);
      expect(JSON.parse(check.stdout)).toMatchObject({ status: 'suppressed', entry: { reason: 'mailboxfull', source: 'manual' } });
      await api.call('DELETE', '/api/suppressions/fromcli@parity.example');
      expect((await runCli(['--config', dir, 'check', 'fromcli@parity.example'])).code).toBe(1);
    });

    it('answers a check as `check --json` does, with the soft bounces counted toward escalation', async () => {
      await api.store.recordSoftBounce('soft@parity.example', 'msg-1', Date.now(), 86_400_000);
      const fromApi = (await json(await api.call('GET', '/api/check?address=soft@parity.example'))).body;
      expect(fromApi).toMatchObject({ status: 'clear', entry: null, escalation: { counted: 1, of: expect.any(Number) } });
      const fromCli = await runCli(['--config', dir, 'check', 'soft@parity.example', '--json']);
      expect(JSON.parse(fromCli.stdout)).toEqual(fromApi);
    });
  });

  describe('stats, destinations, alerts, events', () => {
    it('counts entries as `suppression stats` does', async () => {
      const stats = await json(await api.call('GET', '/api/stats?top=3'));
      const total = await api.store.count();
      expect(stats.body.total).toBe(total);
      expect(stats.body.byDomain.length).toBeLessThanOrEqual(3);
      expect(stats.body.byReason.reduce((n: number, [, c]: [string, number]) => n + c, 0)).toBe(total);
    });

    it('purges what expired, as `suppression purge` does (Redis expires by itself)', async () => {
      await api.store.put(entry('gone@purge.example', { expiresAt: Date.now() + 100, firstSeen: Date.now(), lastSeen: Date.now() }));
      await new Promise((r) => setTimeout(r, 200));
      expect((await api.call('POST', '/api/suppressions/purge', { token: RO })).status).toBe(403);
      const purged = await json(await api.call('POST', '/api/suppressions/purge'));
      expect(purged.status).toBe(200);
      expect(purged.body.entries).toBe(name === 'redis' ? 0 : 1);
      expect(api.logs).toContainEqual(expect.stringMatching(/^bounceguard: http: admin purged /));
    });

    it('lists paced destinations; sets, pauses and releases one as `throttle set|pause|release` do, which the CLI sees', async () => {
      const paces = new SharedPaceStore(api.store);
      await paces.save('domain:slow.example', { ...newPaceState(), rate: 0.5, lastSignalAt: Date.now(), lastChangeAt: Date.now(), lastSignalRule: 'rate.421' }, 3_600_000);
      const listed = await json(await api.call('GET', '/api/destinations'));
      expect(listed.body.destinations).toContainEqual(expect.objectContaining({ key: 'domain:slow.example', rate: 0.5, lastSignalRule: 'rate.421', override: null }));
      expect((await api.call('POST', '/api/destinations/domain:slow.example/release', { token: RO })).status).toBe(403);

      const set = await json(await api.call('POST', '/api/destinations/domain:slow.example/set', { json: { rate: '120/m', for: '2h' } }));
      expect(set.body).toMatchObject({ key: 'domain:slow.example', rate: 2, override: { kind: 'set', rate: 2 } });
      expect(set.body.override.until - Date.now()).toBeGreaterThan(7_100_000);
      const cliStatus = await runCli(['--config', dir, 'throttle', 'status', '--json']);
      expect(JSON.parse(cliStatus.stdout.trim().split('\n').find((l) => l.includes('slow.example'))!)).toMatchObject({ rate: 2, override: { kind: 'set' } });

      const paused = await json(await api.call('POST', '/api/destinations/provider:google/pause'));
      expect(paused.body).toMatchObject({ key: 'provider:google', override: { kind: 'pause', until: null } });
      const released = await json(await api.call('POST', '/api/destinations/domain:slow.example/release'));
      expect(released.body).toMatchObject({ key: 'domain:slow.example', rate: null, override: null });
      expect((await paces.load('domain:slow.example'))?.rate).toBeNull();
      const cliRelease = await runCli(['--config', dir, 'throttle', 'release', 'provider:google']);
      expect(cliRelease.code).toBe(0);
      expect((await json(await api.call('GET', '/api/destinations'))).body.destinations.filter((d: any) => d.override)).toEqual([]);

      expect((await api.call('POST', '/api/destinations/nonsense/release')).status).toBe(400);
      expect((await json(await api.call('POST', '/api/destinations/domain:x.example/set', { json: { rate: 'fast' } }))).body.message).toMatch(/^rate: "fast" is not a rate/);
      expect((await json(await api.call('POST', '/api/destinations/domain:x.example/pause?for=ever'))).body.message).toMatch(/^for: not a duration/);
      expect(api.logs).toEqual(expect.arrayContaining([
        expect.stringMatching(/^bounceguard: http: admin held at 120\/m domain:slow\.example until /),
        'bounceguard: http: admin paused provider:google',
        'bounceguard: http: admin released domain:slow.example',
      ]));
    });

    it('draws outcomes from the outbox, rates from the windows, and reads alerts and events', async () => {
      const now = Date.now();
      const observed = [
        outcome('delivered', 'delivered', 'shop.example', 'google'),
        outcome('delivered', 'delivered', 'shop.example', 'google'),
        outcome('bounce', 'userunknown', 'shop.example', 'google', 'hard'),
        outcome('deferred', 'ratelimited', 'news.example', 'microsoft', 'soft'),
      ];
      await publish(api.store, observed.map((o) => makeEvent('outcome', o, now - 1000)));
      await recordInWindows(api.store, observed, now - 1000);
      const series = await json(await api.call('GET', '/api/outcomes?minutes=10'));
      expect(series.body.totals).toEqual({ delivered: 2, bounce: 1, deferred: 1 });
      expect(series.body.kinds.bounce.reduce((a: number, b: number) => a + b, 0)).toBe(1);
      expect(series.body.topReasons).toEqual([['ratelimited', 1], ['userunknown', 1]]);
      expect(series.body.topProviders).toEqual([['google', 1], ['microsoft', 1]]);
      const senders = await json(await api.call('GET', '/api/senders?window=15m'));
      expect(senders.body.senders).toContainEqual(expect.objectContaining({ domain: 'shop.example', final: 3, hard: 1, bounceRate: 1 / 3 }));
      expect((await api.call('GET', '/api/senders?window=2h')).status).toBe(400);

      const events = await json(await api.call('GET', '/api/events?type=outcome&limit=2'));
      expect(events.body.events.map((e: any) => e.data.kind)).toEqual(['bounce', 'deferred']);
      const next = await json(await api.call('GET', `/api/events?after=${events.body.last}`));
      expect(next.body.events).toEqual([]);

      const alert = { state: 'raised', key: 'hard_bounce:sender:shop.example', rule: 'hard_bounce', severity: 'critical', dimension: 'sender', subject: 'shop.example', raisedAt: new Date(now).toISOString(), clearedAt: null, summary: 'hard bounces 33% of shop.example', evidence: {} };
      await api.store.setState(ALERT_STATE_KEY, { active: { [alert.key]: alert }, recent: [alert] }, null);
      const alerts = await json(await api.call('GET', '/api/alerts'));
      expect(alerts.body.active).toEqual([alert]);
      const cli = await runCli(['--config', dir, 'alerts', '--json']);
      expect(JSON.parse(cli.stdout).active).toEqual(alerts.body.active);
    });
  });
});

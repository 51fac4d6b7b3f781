import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowTotals } from '../../src/alerts/windows';
import { EVENT_STREAM, type BounceguardEvent } from '../../src/events';
import { SqliteStore } from '../../src/store';
import { newPaceState, SharedPaceStore } from '../../src/throttle';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';
import { chromiumAvailable, openBrowser, screenshot, type Browser } from './chromium';

const TOKEN = 'browser-test-token-0123456789abcdef';
const UNKNOWN = { code: 550, message: '5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table' };
const ALERTS_INI = `[main]
enabled=true
evaluate_interval_ms=200
[hard_bounce]
dimensions=sender
min_volume=2
`;

describe.skipIf(!chromiumAvailable())('the dashboard in headless Chromium, over a real Haraka', () => {
  let mx: FakeMx;
  let haraka: RunningHaraka;
  let browser: Browser;
  let tmp: string;
  let dbPath: string;
  let url: string;

  const until = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false) =>
    waitFor(what, probe, { timeoutMs: 40_000, intervalMs: 200, context: () => recentLines(haraka.logs(), /bounceguard/) });

  const send = (to: string[], subject: string) => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    return t.sendMail({ from: 'news@shop.example', to, subject, text: 'hello' }).finally(() => t.close());
  };

  /** The store Haraka writes, read beside it (SQLite in WAL mode lets both in). */
  async function fromStore<T>(fn: (store: SqliteStore) => Promise<T>): Promise<T> {
    const store = new SqliteStore({ path: dbPath });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  /** Opens a view afresh (a full load: the tab keeps its token). */
  const view = async (page: Page, name: string) => {
    await page.goto('about:blank');
    await page.goto(`${url}#${name}`);
    await page.waitForFunction((n) => document.body.dataset.view === n && document.body.dataset.loaded !== undefined, name);
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-browser-'));
    dbPath = path.join(tmp, 'bounceguard.db');
    mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('unknown') ? UNKNOWN : null) });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress', 'bounceguard-signals'],
      pluginFiles: packPluginFiles(['record', 'suppress', 'signals']),
      config: {
        'bounceguard.ini': bounceguardIni({ backend: 'sqlite', sqlite_path: dbPath, spool_path: path.join(tmp, 'spool'), timeout_ms: 1000 }),
        'bounceguard-alerts.ini': ALERTS_INI,
        'bounceguard-metrics.ini': '[metrics]\nenabled=true\n',
        'bounceguard-http.ini': `[http]\nenabled=true\nlisten=127.0.0.1:0\n[tokens]\nadmin=rw:${TOKEN}\n`,
      },
    });
    url = await until('the dashboard URL in the log', () => /bounceguard: http api and dashboard on (http:\/\/\S+)/.exec(haraka.logs())?.[1]);
    await send(['alive1@a.example', 'alive2@a.example', 'unknown1@a.example'], 'first');
    await send(['unknown2@b.example', 'alive3@b.example'], 'second');
    // Five outcome events, two suppressions, and the alert raised on them.
    await until('every outcome in the outbox', () => fromStore(async (s) => (await s.readLog(EVENT_STREAM, 0, 100)).filter((i) => i.item.includes('"type":"outcome"')).length >= 5));
    await until('the hard-bounce alert', () => /alert raised: \[critical\]/.test(haraka.logs()));
    await fromStore((s) => new SharedPaceStore(s).save('domain:slow.example', { ...newPaceState(), rate: 2, lastSignalAt: Date.now(), lastChangeAt: Date.now(), lastSignalRule: 'text.rate-limit' }, 3_600_000));
    browser = await openBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('asks for a token, then shows the outcomes, rates and alerts the store holds, with no console error', async () => {
    const { page } = browser;
    await page.goto(url);
    await page.waitForSelector('#login:not([hidden])');
    await page.fill('#token', TOKEN);
    await page.click('#login button');
    await page.waitForFunction(() => document.body.dataset.view === 'overview' && document.querySelector('#totals .card') !== null);
    expect(await page.isVisible('#login')).toBe(false);
    expect(await page.textContent('#user')).toBe('admin (read and write)');

    const events = await fromStore(async (s) => (await s.readLog(EVENT_STREAM, 0, 1000)).map((i) => JSON.parse(i.item) as BounceguardEvent));
    const kinds = new Map<string, number>();
    for (const e of events) if (e.type === 'outcome') kinds.set(e.data.kind, (kinds.get(e.data.kind) ?? 0) + 1);
    // Delivered: the three recipients, and Haraka's own bounce messages to the sender.
    expect(kinds.get('bounce')).toBe(2);
    expect(kinds.get('delivered')).toBeGreaterThanOrEqual(3);
    for (const kind of ['delivered', 'bounce', 'deferred', 'complaint']) {
      expect(await page.textContent(`#totals .card[data-kind="${kind}"] b`)).toBe(String(kinds.get(kind) ?? 0));
    }
    expect(await page.locator('#chart-kinds canvas').count()).toBe(1);
    expect(await page.textContent('#top-reasons tbody')).toContain('userunknown');
    // The sender's row as the store's windows count it: five recipients, two of them unknown.
    const counted = await fromStore((s) => windowTotals(s, '1h', { dimension: 'sender', value: 'shop.example' }, Date.now()));
    expect(counted).toMatchObject({ final: 5, hard: 2 });
    const sender = page.locator('#senders tbody tr', { hasText: 'shop.example' });
    const rate = (n: number) => `${((100 * n) / counted.final).toFixed(2)}%`;
    expect(await sender.locator('td').allTextContents())
      .toEqual(['shop.example', String(counted.final), String(counted.hard), rate(counted.hard), String(counted.complaint ?? 0), rate(counted.complaint ?? 0)]);
    expect(await page.textContent('#overview-alerts')).toMatch(/\[critical\].*shop\.example/);
    await screenshot(page, 'overview');

    await view(page, 'alerts');
    expect(await page.locator('#alerts-active li.critical').count()).toBe(1);
    await screenshot(page, 'alerts');
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('lists the suppressions the run made, as many as the store holds, and searches them', async () => {
    const { page } = browser;
    await view(page, 'suppressions');
    const stored = await fromStore((s) => s.count());
    expect(stored).toBe(2);
    expect(await page.textContent('#list-total')).toBe(`${stored} entries`);
    expect(await page.locator('#list tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.address)))
      .toEqual(['unknown1@a.example', 'unknown2@b.example']);
    await page.fill('#search-text', 'B.EXAMPLE');
    await page.click('#search button');
    await page.waitForFunction(() => document.querySelector('#list-total')?.textContent === '1 matching entries');
    await screenshot(page, 'suppressions');
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('adds a suppression that Haraka then refuses at RCPT, and removes it so that mail is delivered again', async () => {
    const { page } = browser;
    await view(page, 'suppressions');
    await page.fill('#add-address', 'Support@C.example');
    await page.selectOption('#add-reason', 'mailboxfull');
    await page.click('#add button');
    await page.waitForSelector('#list tr[data-address="support@c.example"]');
    expect((await fromStore((s) => s.get('support@c.example')))?.source).toBe('manual');
    expect(haraka.logs()).toContain('bounceguard: http: admin suppressed support@c.example (mailboxfull, permanent)');

    await expect(send(['support@c.example'], 'refused')).rejects.toThrow(/recipient suppressed/);
    expect(mx.delivered.some((m) => m.to.includes('support@c.example'))).toBe(false);

    await page.click('#list tr[data-address="support@c.example"] button.remove');
    await page.waitForSelector('#list tr[data-address="support@c.example"]', { state: 'detached' });
    expect(await fromStore((s) => s.get('support@c.example'))).toBeNull();
    await send(['support@c.example'], 'delivered');
    await until('the delivery to support@c.example', () => mx.delivered.some((m) => m.to.includes('support@c.example')));
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('shows the paced destinations, pauses one and releases it', async () => {
    const { page } = browser;
    await view(page, 'destinations');
    const row = () => page.locator('#destinations tbody tr', { hasText: 'domain:slow.example' });
    expect(await row().locator('td').nth(1).textContent()).toBe('120/min');
    await screenshot(page, 'destinations');
    await row().locator('button.pause').click();
    await page.waitForFunction(() => document.querySelector('#destinations tbody')?.textContent?.includes('paused'));
    expect(await row().locator('td').nth(2).textContent()).toBe('pause');
    const overrides = async () => Object.keys(await fromStore((s) => new SharedPaceStore(s).loadOverrides()));
    expect(await overrides()).toEqual(['domain:slow.example']);
    expect(haraka.logs()).toContain('bounceguard: http: admin paused domain:slow.example');
    await row().locator('button.release').click();
    await page.waitForFunction(() => !document.querySelector('#destinations tbody')?.textContent?.includes('slow.example'));
    expect(await fromStore((s) => new SharedPaceStore(s).load('domain:slow.example'))).toMatchObject({ rate: null });
    expect(await overrides()).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('serves the metrics on the same listener, behind the token', async () => {
    const metricsUrl = `${url.replace(/\/$/, '')}/metrics`;
    expect(haraka.logs()).toContain(`bounceguard: metrics on ${metricsUrl}`);
    expect((await fetch(metricsUrl)).status).toBe(401);
    const text = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(text).toContain('bounceguard_refused_total{stage="rcpt",reason="mailboxfull"} 1');
  });
});

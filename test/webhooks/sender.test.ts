import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent, publish, type BounceguardEvent } from '../../src/events';
import { MemoryStore } from '../../src/store/memory';
import { parseWebhooksConfig, sign, verify, WebhookSender, type WebhooksConfig } from '../../src/webhooks';

const SECRET = 'sender-test-secret-0123456789';

describe('webhook sender', () => {
  let server: http.Server;
  let status = 200;
  let received: Array<{ events: BounceguardEvent[]; verified: boolean }>;
  let url: string;
  let t: number;
  let store: MemoryStore;
  let logs: string[];
  let counted: Record<string, number>;

  beforeEach(async () => {
    received = [];
    status = 200;
    t = 1_700_000_000_000;
    store = new MemoryStore(() => t);
    logs = [];
    counted = {};
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const ts = String(req.headers['x-bounceguard-timestamp']);
        received.push({ events: (JSON.parse(body) as { events: BounceguardEvent[] }).events, verified: verify(SECRET, ts, body, String(req.headers['x-bounceguard-signature']), 300, t / 1000) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const config = (over: Record<string, unknown> = {}, events = '*'): WebhooksConfig =>
    parseWebhooksConfig({ main: { enabled: true, batch_size: 2, backoff_base_ms: 1000, backoff_max_ms: 4000, max_events: 5, ...over }, 'endpoint.ops': { url, secret: SECRET, events } });
  const sender = (c: WebhooksConfig, random = () => 0) => new WebhookSender({
    store, config: c, now: () => t, random,
    log: (level, m) => logs.push(`${level}: ${m}`),
    hooks: { sent: (e, n) => (counted.sent = (counted.sent ?? 0) + n), failed: () => (counted.failed = (counted.failed ?? 0) + 1), dropped: (e, n) => (counted.dropped = (counted.dropped ?? 0) + n) },
  });
  const throttleEvent = (i: number) => makeEvent('throttle', { destination: `d${i}`, kind: 'cut', from: null, to: 60, reason: 'test', rule: null }, t);

  it('sends the outbox in signed batches, in order, only the types an endpoint wants', async () => {
    const events = [throttleEvent(1), throttleEvent(2), throttleEvent(3)];
    await publish(store, events, 100);
    await publish(store, [makeEvent('alert', {} as never, t)], 100);
    await sender(config({}, 'throttle')).tick();
    expect(received.map((r) => r.events.map((e) => e.id))).toEqual([[events[0].id, events[1].id], [events[2].id]]);
    expect(received.every((r) => r.verified)).toBe(true);
    expect(counted.sent).toBe(3);
  });

  it('backs off exponentially with jitter after failures and resumes where it stopped', async () => {
    const events = [throttleEvent(1), throttleEvent(2)];
    await publish(store, events, 100);
    status = 500;
    const s = sender(config(), () => 1);
    await s.tick();
    expect(received).toHaveLength(1);
    // With all the jitter taken off, the first retry waits half of 1000 ms.
    t += 400;
    await s.tick();
    expect(received).toHaveLength(1);
    t += 100;
    await s.tick();
    expect(received).toHaveLength(2);
    // The next waits half of 2000 ms.
    t += 999;
    await s.tick();
    expect(received).toHaveLength(2);
    status = 200;
    t += 1;
    await s.tick();
    expect(received).toHaveLength(3);
    expect(received[2].events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(counted).toMatchObject({ failed: 2, sent: 2 });
    expect(logs.filter((l) => /endpoint ops failed \(HTTP 500\)/.test(l))).toHaveLength(1);
    expect(logs.some((l) => /endpoint ops is back after 2 failed attempts/.test(l))).toBe(true);
  });

  it('logs and counts the events a full outbox dropped before they were sent', async () => {
    await publish(store, Array.from({ length: 8 }, (_, i) => throttleEvent(i)), 5);
    await sender(config()).tick();
    expect(counted.dropped).toBe(3);
    expect(logs.filter((l) => l.startsWith('error: ') && /outbox overflow: 3 events for endpoint ops were dropped/.test(l))).toHaveLength(1);
    expect(received.flatMap((r) => r.events.map((e) => e.data))).toHaveLength(5);
  });

  it('lets one process send at a time (store lease)', async () => {
    await publish(store, [throttleEvent(1)], 100);
    const c = config({ lease_ms: 1000 });
    await sender(c).tick();
    await publish(store, [throttleEvent(2)], 100);
    await sender(c).tick();
    expect(received).toHaveLength(1);
  });
});

describe('webhook signatures', () => {
  it('verifies what was signed, and nothing altered or stale', () => {
    const body = '{"events":[]}';
    const sig = sign(SECRET, 1_700_000_000, body);
    expect(verify(SECRET, '1700000000', body, sig, 300, 1_700_000_100)).toBe(true);
    expect(verify(SECRET, '1700000000', `${body} `, sig, 300, 1_700_000_100)).toBe(false);
    expect(verify('another-secret-0123456789', '1700000000', body, sig, 300, 1_700_000_100)).toBe(false);
    expect(verify(SECRET, '1700000001', body, sig, 300, 1_700_000_100)).toBe(false);
    expect(verify(SECRET, '1700000000', body, sig, 300, 1_700_001_000)).toBe(false);
  });

  it('refuses an invalid webhooks config with the file, section and key', () => {
    expect(() => parseWebhooksConfig({ 'endpoint.x': { url: 'ftp://x', secret: 'short' } })).toThrow(/config\/bounceguard-webhooks\.ini \[endpoint\.x\] url=ftp:\/\/x: .*\nconfig\/bounceguard-webhooks\.ini \[endpoint\.x\] secret=short: at least 16/);
    expect(() => parseWebhooksConfig({ 'endpoint.x': { url: 'http://h/', secret: SECRET, events: 'outcome,bogus' } })).toThrow(/unknown bogus/);
  });
});

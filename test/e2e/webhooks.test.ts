import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import { EVENT_STREAM, type BounceguardEvent } from '../../src/events';
import { SqliteStore } from '../../src/store/sqlite';
import { verify } from '../../src/webhooks';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { freePort, startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

const SECRET = 'test-secret-0123456789abcdef';

/** A loopback receiver that can be down, failing (500) or up; it verifies and keeps what it accepts. */
class Receiver {
  mode: 'down' | 'failing' | 'up' = 'down';
  readonly ids = new Map<string, number>();
  requests = { failed: 0, accepted: 0, badSignatures: 0 };
  private server: http.Server | null = null;

  constructor(readonly port: number) {}

  async setMode(mode: Receiver['mode']): Promise<void> {
    this.mode = mode;
    if (mode === 'down') {
      const s = this.server;
      this.server = null;
      if (s) await new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); });
      return;
    }
    if (this.server) return;
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (this.mode === 'failing') {
        this.requests.failed += 1;
        res.writeHead(500).end('try later');
        return;
      }
      const ok = verify(SECRET, String(req.headers['x-bounceguard-timestamp']), body, String(req.headers['x-bounceguard-signature']));
      if (!ok) {
        this.requests.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      for (const e of (JSON.parse(body) as { events: BounceguardEvent[] }).events) this.ids.set(e.id, (this.ids.get(e.id) ?? 0) + 1);
      this.requests.accepted += 1;
      res.writeHead(204).end();
    });
  }
}

let mx: FakeMx | undefined;
let haraka: RunningHaraka | undefined;
let receiver: Receiver | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-webhooks-'));
const dbPath = path.join(tmp, 'bounceguard.db');

afterAll(async () => {
  await haraka?.stop();
  await mx?.close();
  await receiver?.setMode('down');
  fs.rmSync(tmp, { recursive: true, force: true });
});

function start(port: number): Promise<RunningHaraka> {
  return startHaraka({
    mxPort: mx!.port,
    plugins: ['bounceguard-record', 'bounceguard-suppress', 'bounceguard-signals'],
    pluginFiles: packPluginFiles(['record', 'suppress', 'signals']),
    config: {
      'bounceguard.ini': bounceguardIni({ backend: 'sqlite', sqlite_path: dbPath, spool_path: path.join(tmp, 'spool'), timeout_ms: 1000 }),
      'bounceguard-alerts.ini': '[main]\nenabled=true\nevaluate_interval_ms=200\n[hard_bounce]\nmin_volume=5\n',
      'bounceguard-webhooks.ini': [
        '[main]', 'enabled=true', 'poll_interval_ms=100', 'batch_size=7', 'backoff_base_ms=100', 'backoff_max_ms=400', 'lease_ms=600', 'timeout_ms=2000',
        '[endpoint.test]', `url=http://127.0.0.1:${port}/hook`, `secret=${SECRET}`, 'events=*', '',
      ].join('\n'),
    },
  });
}

async function storedEvents(): Promise<BounceguardEvent[]> {
  const store = new SqliteStore({ path: dbPath });
  try {
    return (await store.readLog(EVENT_STREAM, 0, 1_000_000)).map((i) => JSON.parse(i.item) as BounceguardEvent);
  } finally {
    await store.close();
  }
}

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) =>
  waitFor(what, probe, { timeoutMs: 40_000, intervalMs: 100, context: () => recentLines(haraka?.logs() ?? '', /bounceguard|CRIT|ERROR/) });

async function send(batch: number): Promise<void> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka!.port, secure: false, ignoreTLS: true });
  const to = [`reader${batch}a@list.example`, `reader${batch}b@list.example`, `unknown${batch}@list.example`];
  await t.sendMail({ from: 'news@shop.example', to, subject: `batch ${batch}`, text: 'hello' }).finally(() => t.close());
}

/** Outcome events of the list's recipients in the outbox (DSNs to the sender come on top). */
const listOutcomes = (events: BounceguardEvent[]) => events.filter((e) => e.type === 'outcome' && e.data.recipient.endsWith('@list.example'));

it('delivers every event at least once, signed, through a receiver outage, 500s and a Haraka restart', async () => {
  mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('unknown') ? { code: 550, message: '5.1.1 User unknown' } : null) });
  receiver = new Receiver(await freePort());
  haraka = await start(receiver.port);

  // The receiver is down: events wait in the outbox.
  await send(1);
  await until('the first batch in the outbox', async () => listOutcomes(await storedEvents()).length >= 3 || undefined);
  await until('a failed attempt', () => /webhooks: endpoint test failed/.test(haraka!.logs()) || undefined);

  // It answers 500 for a while.
  await receiver.setMode('failing');
  await send(2);
  await until('the second batch in the outbox', async () => listOutcomes(await storedEvents()).length >= 6 || undefined);
  await until('retries answered with 500', () => receiver!.requests.failed >= 2 || undefined);

  // Haraka restarts while nothing has been delivered; the outbox is in the store.
  await haraka.stop();
  expect(receiver.ids.size).toBe(0);
  haraka = await start(receiver.port);
  await send(3);
  await until('the third batch in the outbox', async () => listOutcomes(await storedEvents()).length >= 9 || undefined);

  await receiver.setMode('up');
  const all = await storedEvents();
  await until('every event at the receiver', async () => {
    const stored = await storedEvents();
    return stored.every((e) => receiver!.ids.has(e.id)) ? stored : undefined;
  });
  const stored = await storedEvents();
  const missing = stored.filter((e) => !receiver!.ids.has(e.id));
  expect(missing).toEqual([]);
  expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
  expect(stored.length).toBeGreaterThanOrEqual(all.length);
  expect(listOutcomes(stored)).toHaveLength(9);
  expect(stored.some((e) => e.type === 'suppression')).toBe(true);
  expect(receiver.requests.badSignatures).toBe(0);
  expect(receiver.requests.failed).toBeGreaterThanOrEqual(2);
  // Batches of at most 7: the outbox went out in several requests, in order.
  expect(receiver.requests.accepted).toBeGreaterThanOrEqual(Math.ceil(stored.length / 7));
}, 120_000);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreConfig, type SuppressionStore } from '../../src/store';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis';
import { startFakeMx, type FakeMx, type FakeReply } from '../../sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../../sim/haraka';
import { bounceguardIni, packPluginFiles } from '../../sim/pack';

const REPLIES: Record<string, FakeReply> = {
  unknown: { code: 550, message: '5.1.1 <unknown>: Recipient address rejected: User unknown' },
  disabled: { code: 550, message: '5.2.1 The email account that you tried to reach is disabled.' },
  full: { code: 452, message: '4.2.2 Mailbox full, try again later' },
  spamhaus: { code: 554, message: '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org' },
  dmarc: { code: 550, message: "5.7.26 Unauthenticated email from haraka.test is not accepted due to domain's DMARC policy" },
  content: { code: 554, message: '5.7.1 Message rejected as spam', atData: true },
};

interface Setup {
  name: string;
  nodes: number;
  /** The [store] section, given the test's temp dir (and Redis, when the setup needs one). */
  store(tmp: string, redis?: TestRedis): Record<string, string | number>;
  redis?: boolean;
}

const sqlite = (tmp: string) => ({ backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') });
const SETUPS: Setup[] = [
  { name: 'SQLite, one process', nodes: 0, store: sqlite },
  { name: 'SQLite shared by nodes=2 workers', nodes: 2, store: sqlite },
  {
    name: 'Redis',
    nodes: 0,
    redis: true,
    store: (tmp, redis) => ({ backend: 'redis', redis_url: redis!.url, redis_prefix: 'e2e:', spool_path: path.join(tmp, 'spool') }),
  },
];

for (const setup of SETUPS) {
  const run = !setup.redis || redisAvailable();
  describe.runIf(run)(`bounceguard-record and bounceguard-suppress in a real Haraka (${setup.name})`, () => suite(setup));
}

function suite(setup: Setup): void {
let mx: FakeMx;
let haraka: RunningHaraka;
let tmp: string;
let redis: TestRedis | undefined;
let storeSection: Record<string, string | number>;

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${haraka.logs().split('\n').filter((l) => /bounceguard|CRIT|ERROR/.test(l)).slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openTestStore(): Promise<SuppressionStore> {
  return openStore(parseStoreConfig({ store: storeSection }, tmp), { waitReadyMs: 5000 });
}

async function storedKeys(): Promise<string[]> {
  const store = await openTestStore();
  try {
    const keys: string[] = [];
    for await (const e of store.scan()) keys.push(e.key);
    return keys.sort();
  } finally {
    await store.close();
  }
}

function send(to: string[], subject = 'test') {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
  return t.sendMail({ from: 'sender@haraka.test', to, subject, text: 'hello' }).finally(() => t.close());
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-e2e-'));
  if (setup.redis) redis = await startRedis();
  storeSection = setup.store(tmp, redis);
  mx = await startFakeMx({ replyFor: (rcpt) => REPLIES[rcpt.split(/[@+]/)[0].replace(/\d+$/, '')] ?? null });
  haraka = await startHaraka({
    mxPort: mx.port,
    plugins: ['bounceguard-record', 'bounceguard-suppress'],
    pluginFiles: packPluginFiles(),
    nodes: setup.nodes,
    config: {
      'bounceguard.ini': bounceguardIni(storeSection),
      'outbound.ini': 'temp_fail_intervals=5s*4\n',
    },
  });
}, 90_000);

afterAll(async () => {
  await haraka?.stop();
  await mx?.close();
  await redis?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

  it('suppresses exactly the dead recipients, never for sender-side failures', async () => {
    await send(['alive@a.example', 'unknown@a.example', 'disabled@a.example']);
    await send(['spamhaus@b.example', 'alive@b.example']);
    await send(['dmarc@c.example']);
    await send(['content@d.example', 'alive2@d.example']);
    const keys = await until(async () => {
      const k = await storedKeys();
      return k.length >= 2 ? k : undefined;
    }, 'the two suppressions');
    await until(() => (haraka.logs().match(/bounceguard: \[[^\]]+\] bounce rcpt=/g)?.length ?? 0) >= 5 || undefined, 'every bounce recorded');
    expect(await storedKeys()).toEqual(['disabled@a.example', 'unknown@a.example']);
    expect(keys).toEqual(['disabled@a.example', 'unknown@a.example']);
    expect(haraka.logs()).toMatch(/rcpt=<spamhaus@b\.example> code=554 5\.7\.1 reason=blocked .*action=ignored/);
    expect(haraka.logs()).toMatch(/rcpt=<dmarc@c\.example> code=550 5\.7\.26 reason=authfailure/);
    if (setup.nodes > 1) {
      const workers = new Set([...haraka.logs().matchAll(/worker (\d+) listening on/g)].map((m) => m[1]));
      expect(workers.size).toBe(setup.nodes);
    }
  }, 60_000);

  it('refuses a suppressed recipient at RCPT while the other recipients are delivered', async () => {
    const before = mx.delivered.length;
    const info = await send(['unknown@a.example', 'alive3@a.example'], 'second');
    expect(info.rejected).toEqual(['unknown@a.example']);
    expect(info.accepted).toEqual(['alive3@a.example']);
    expect(String(info.rejectedErrors?.[0]?.response)).toMatch(/^550 5\.7\.1 <unknown@a\.example> is suppressed: userunknown since \d{4}-\d\d-\d\d/);
    await until(() => (mx.delivered.slice(before).some((m) => m.to.includes('alive3@a.example')) ? true : undefined), 'alive3 delivered');
  }, 30_000);

  it('escalates repeated soft bounces of one recipient across distinct messages', async () => {
    for (let i = 0; i < 3; i += 1) await send([`full@e.example`], `full ${i}`);
    const keys = await until(async () => ((await storedKeys()).includes('full@e.example') ? await storedKeys() : undefined), 'the escalation');
    expect(keys).toContain('full@e.example');
    const store = await openTestStore();
    try {
      const entry = await store.get('full@e.example');
      expect(entry).toMatchObject({ source: 'escalation', reason: 'mailboxfull' });
      expect(entry?.expiresAt).toBeGreaterThan(Date.now());
    } finally {
      await store.close();
    }
  }, 60_000);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreConfig, type SuppressionStore } from '../../src/store';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis, type RedisForTest } from '../helpers/redis';
import { startFakeMx, type FakeMx, type FakeReply } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

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
  /** The [store] section, given the test's temp dir (and Redis with a prefix, when the setup needs one). */
  store(tmp: string, redis?: RedisUse): Record<string, string | number>;
  redis?: boolean;
}

/** REDIS_URL or a server of the test's own, and the prefix its keys live under (deleted afterwards). */
interface RedisUse extends RedisForTest {
  prefix: string;
}

const sqlite = (tmp: string) => ({ backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') });
const SETUPS: Setup[] = [
  { name: 'SQLite, one process', nodes: 0, store: sqlite },
  { name: 'SQLite shared by nodes=2 workers', nodes: 2, store: sqlite },
  {
    name: 'Redis',
    nodes: 0,
    redis: true,
    // A generous budget: these tests are about what gets recorded; the fail-open budget has tests of its own,
    // and a busy machine can take longer than the default 50 ms for the several round trips of an escalation.
    store: (tmp, redis) => ({ backend: 'redis', redis_url: redis!.url, redis_prefix: redis!.prefix, spool_path: path.join(tmp, 'spool'), timeout_ms: 1000 }),
  },
];

for (const setup of SETUPS) {
  const run = !setup.redis || redisAvailable();
  describe.runIf(run)(`bounceguard-record and bounceguard-suppress in a real Haraka (${setup.name})`, () => suite(setup));
}

/** What one setup's tests share: the fake MX, Haraka and the store they write to. */
interface World {
  setup: Setup;
  mx: FakeMx;
  haraka: RunningHaraka;
  tmp: string;
  redis?: RedisUse;
  storeSection: Record<string, string | number>;
}

function suite(setup: Setup): void {
  const world = { setup } as World;
  beforeAll(() => startWorld(world), 90_000);
  afterAll(() => stopWorld(world));

  it('suppresses exactly the dead recipients, never for sender-side failures', () => suppressesTheDead(world), 60_000);
  it('refuses a suppressed recipient at RCPT while the other recipients are delivered', () => refusesAtRcpt(world), 30_000);
  it('escalates repeated soft bounces of one recipient across distinct messages', () => escalatesSoftBounces(world), 60_000);
}

async function startWorld(world: World): Promise<void> {
  world.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-e2e-'));
  if (world.setup.redis) world.redis = { ...(await useRedis()), prefix: uniquePrefix('e2e') };
  world.storeSection = world.setup.store(world.tmp, world.redis);
  world.mx = await startFakeMx({ replyFor: (rcpt) => REPLIES[rcpt.split(/[@+]/)[0].replace(/\d+$/, '')] ?? null });
  world.haraka = await startHaraka({
    mxPort: world.mx.port,
    plugins: ['bounceguard-record', 'bounceguard-suppress'],
    pluginFiles: packPluginFiles(),
    nodes: world.setup.nodes,
    config: {
      'bounceguard.ini': bounceguardIni(world.storeSection),
      'outbound.ini': 'temp_fail_intervals=5s*4\n',
    },
  });
}

async function stopWorld(world: World): Promise<void> {
  await world.haraka?.stop();
  await world.mx?.close();
  if (world.redis) {
    try {
      await deleteKeys(world.redis.url, world.redis.prefix);
    } finally {
      await world.redis.release();
    }
  }
  if (world.tmp) fs.rmSync(world.tmp, { recursive: true, force: true });
}

function until<T>(world: World, probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  return waitFor(what, probe, { intervalMs: 200, context: () => recentLines(world.haraka.logs(), /bounceguard|CRIT|ERROR/) });
}

async function openTestStore(world: World): Promise<SuppressionStore> {
  return openStore(parseStoreConfig({ store: world.storeSection }, world.tmp), { waitReadyMs: 5000 });
}

async function storedKeys(world: World): Promise<string[]> {
  const store = await openTestStore(world);
  try {
    const keys: string[] = [];
    for await (const e of store.scan()) keys.push(e.key);
    return keys.sort();
  } finally {
    await store.close();
  }
}

function send(world: World, to: string[], subject = 'test') {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: world.haraka.port, secure: false, ignoreTLS: true });
  return t.sendMail({ from: 'sender@haraka.test', to, subject, text: 'hello' }).finally(() => t.close());
}

/** The bounceguard lines Haraka logged about one recipient. */
function linesAbout(world: World, rcpt: string): string[] {
  return world.haraka.logs().split('\n').filter((l) => l.includes(`bounceguard: [`) && l.includes(` rcpt=<${rcpt}> `));
}

async function suppressesTheDead(world: World): Promise<void> {
  await send(world, ['alive@a.example', 'unknown@a.example', 'disabled@a.example']);
  await send(world, ['spamhaus@b.example', 'alive@b.example']);
  await send(world, ['dmarc@c.example']);
  await send(world, ['content@d.example', 'alive2@d.example']);
  const keys = await until(world, async () => {
    const k = await storedKeys(world);
    return k.length >= 2 ? k : undefined;
  }, 'the two suppressions');
  await until(world, () => (world.haraka.logs().match(/bounceguard: \[[^\]]+\] bounce rcpt=/g)?.length ?? 0) >= 5 || undefined, 'every bounce recorded');
  expect(await storedKeys(world)).toEqual(['disabled@a.example', 'unknown@a.example']);
  expect(keys).toEqual(['disabled@a.example', 'unknown@a.example']);
  const logs = world.haraka.logs();
  expect(logs).toMatch(/rcpt=<spamhaus@b\.example> code=554 5\.7\.1 reason=blocked .*action=ignored/);
  expect(logs).toMatch(/rcpt=<dmarc@c\.example> code=550 5\.7\.26 reason=authfailure/);
  if (world.setup.nodes > 1) {
    // Under load the second worker may log its listener after the first one took every message.
    const listening = () => new Set([...world.haraka.logs().matchAll(/worker (\d+) listening on/g)].map((m) => m[1])).size;
    await until(world, () => listening() === world.setup.nodes || undefined, `${world.setup.nodes} workers listening`);
  }
}

async function refusesAtRcpt(world: World): Promise<void> {
  const before = world.mx.delivered.length;
  const info = await send(world, ['unknown@a.example', 'alive3@a.example'], 'second');
  expect(info.rejected).toEqual(['unknown@a.example']);
  expect(info.accepted).toEqual(['alive3@a.example']);
  // A relaying client learns that the address is suppressed, and nothing more (not why, nor since when).
  expect(String(info.rejectedErrors?.[0]?.response)).toMatch(/^550 5\.1\.1 <unknown@a\.example> recipient suppressed$/);
  await until(world, () => (world.mx.delivered.slice(before).some((m) => m.to.includes('alive3@a.example')) ? true : undefined), 'alive3 delivered');
}

async function escalatesSoftBounces(world: World): Promise<void> {
  for (let i = 0; i < 3; i += 1) await send(world, ['full@e.example'], `full ${i}`);
  await until(world, async () => ((await storedKeys(world)).includes('full@e.example') ? true : undefined), 'the escalation');
  // Only that recipient was added: the earlier suppressions stand, nobody else was caught.
  expect(await storedKeys(world)).toEqual(['disabled@a.example', 'full@e.example', 'unknown@a.example']);
  // Escalated by the third distinct message (escalate_after=3), after two counted ones, not at once.
  const lines = linesAbout(world, 'full@e.example');
  const escalatedAt = lines.findIndex((l) => /action=escalated\(full@e\.example until /.test(l));
  expect(escalatedAt, lines.join('\n')).toBeGreaterThanOrEqual(0);
  expect(lines.slice(0, escalatedAt).some((l) => /action=counted\(2\)/.test(l)), lines.join('\n')).toBe(true);
  expect(lines.slice(0, escalatedAt).every((l) => /reason=mailboxfull .*action=counted\([12]\)/.test(l)), lines.join('\n')).toBe(true);
  const store = await openTestStore(world);
  try {
    const entry = await store.get('full@e.example');
    expect(entry).toMatchObject({ source: 'escalation', reason: 'mailboxfull' });
    expect(entry?.expiresAt).toBeGreaterThan(Date.now());
  } finally {
    await store.close();
  }
}

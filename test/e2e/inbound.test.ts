import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STREAM, type BounceguardEvent, type OutcomeEvent } from '../../src/events';
import { parseReturnpathConfig, signBatv } from '../../src/returnpath';
import { openStore, parseStoreConfig } from '../../src/store';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { arf, autoReply, dsn } from '../helpers/reports';
import { recentLines, waitFor } from '../helpers/wait';

const SECRET = 'an e2e secret, long enough';
const RETURNPATH_INI = `[main]\nenabled=true\nsigning_key=1\n[keys]\n1=${SECRET}\n[haraka.test]\nmode=batv\n`;
const INBOUND_INI = '[main]\nfeedback_addresses=fbl@haraka.test\n';
const DAY = 86_400_000;

interface World {
  mx: FakeMx;
  haraka: RunningHaraka;
  tmp: string;
  store: Record<string, string>;
}
const world = {} as World;

/**
 * One Haraka relays for 127.0.0.1 (bounceguard-returnpath signs) and takes bounces from elsewhere
 * (bounceguard-inbound): the remote side connects from 127.0.0.2, which the relay ACL leaves out,
 * as a remote MX sending a DSN would be.
 */
describe('signed return paths and inbound bounces in a real Haraka', () => {
  beforeAll(async () => {
    world.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-inbound-'));
    world.store = { backend: 'sqlite', sqlite_path: path.join(world.tmp, 'bounceguard.db'), spool_path: path.join(world.tmp, 'spool') };
    world.mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('refused@') ? { code: 550, message: '5.1.1 User unknown' } : null) });
    world.haraka = await startHaraka({
      mxPort: world.mx.port,
      plugins: ['bounceguard-signals', 'bounceguard-returnpath', 'bounceguard-inbound'],
      pluginFiles: packPluginFiles(['signals', 'returnpath', 'inbound']),
      config: {
        'bounceguard.ini': bounceguardIni(world.store),
        'bounceguard-returnpath.ini': RETURNPATH_INI,
        'bounceguard-inbound.ini': INBOUND_INI,
        'bounceguard-alerts.ini': '[main]\nenabled=true\n',
      },
    });
  }, 90_000);
  afterAll(async () => {
    await world.haraka?.stop();
    await world.mx?.close();
    if (world.tmp) fs.rmSync(world.tmp, { recursive: true, force: true });
  });

  it('suppresses a recipient whose DSN comes back to the signed return path, and nobody a forged report names', async () => {
    const sent = await relay(['dead@dest.example', 'alive@dest.example'], '<m1@haraka.test>');
    expect(sent).toMatch(/^prvs=1\d{3}[0-9a-f]{6}=sender@haraka\.test$/);

    expect(await remote(sent, dsn({ to: sent, failed: 'dead@dest.example', messageId: '<m1@haraka.test>' }))).toMatch(/^250 /);
    expect(await until(() => entry('dead@dest.example'), 'dead suppressed')).toMatchObject({ source: 'dsn', reason: 'userunknown' });

    const altered = sent.replace(/^(prvs=1\d{3}[0-9a-f]{5})([0-9a-f])/, (_, a: string, c: string) => a + (c === 'a' ? 'b' : 'a'));
    const expired = signBatv('sender@haraka.test', parseReturnpathConfig({ keys: { 1: SECRET } }).keys!, Date.now() - 20 * DAY).address!;
    const forgedDsn = (to: string) => dsn({ to, failed: 'alive@dest.example', messageId: '<m1@haraka.test>' });
    expect(await remote(altered, forgedDsn(altered))).toMatch(/^550 5\.7\.1 <.*>: invalid return path signature/);
    expect(await remote(expired, forgedDsn(expired))).toMatch(/^550 5\.7\.1 <.*>: return path signature expired/);
    expect(await remote('sender@haraka.test', forgedDsn('sender@haraka.test'))).toMatch(/^550 5\.7\.1 <sender@haraka\.test>: not a signed return path/);

    // Well signed, but about a recipient the message never had: accepted, consumed, not believed.
    expect(await remote(sent, dsn({ to: sent, failed: 'victim@dest.example', messageId: '<m1@haraka.test>' }))).toMatch(/^250 /);
    await until(() => logged(/rcpt=<victim@dest\.example> not believed: the message was not sent to this recipient/), 'the check of victim');
    expect(await keys()).toEqual(['dead@dest.example']);
    // Consumed: the bounces were never delivered onward.
    expect(world.mx.delivered.filter((m) => m.from === '')).toEqual([]);
  }, 60_000);

  it('suppresses the complainant of an ARF report about a message we sent, not one about a message never sent', async () => {
    await relay(['complainer@dest.example'], '<m2@haraka.test>', { 'X-Campaign': 'spring' });
    expect(await remote('fbl@haraka.test', arf({ to: 'fbl@haraka.test', complainant: 'complainer@dest.example', messageId: '<m2@haraka.test>' }), 'fbl@provider.example')).toMatch(/^250 /);
    expect(await until(() => entry('complainer@dest.example'), 'complainer suppressed')).toMatchObject({ source: 'arf', reason: 'feedback' });

    expect(await remote('fbl@haraka.test', arf({ to: 'fbl@haraka.test', complainant: 'target@dest.example', messageId: '<never-sent@haraka.test>' }), 'fbl@provider.example')).toMatch(/^250 /);
    await until(() => logged(/rcpt=<target@dest\.example> not believed: no record of the message/), 'the check of target');
    expect(await keys()).toEqual(['complainer@dest.example', 'dead@dest.example']);
    // The complaint is an event of the original sender (bounceguard-signals' outbox), for the complaint rule.
    expect(await complaintEvents()).toEqual([THE_COMPLAINT]);
  }, 60_000);

  it("sends Haraka's own DSN for a signed message to the original sender, not to the return path", async () => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: world.haraka.port, secure: false, ignoreTLS: true });
    await t.sendMail({ from: 'sender@haraka.test', to: ['refused@dest.example'], subject: 'hello', text: 'hello', messageId: '<m4@haraka.test>' }).finally(() => t.close());
    const own = await until(() => world.mx.delivered.find((m) => m.from === '' && m.to.some((to) => to.endsWith('@haraka.test'))), "Haraka's DSN");
    expect(own.to).toEqual(['sender@haraka.test']);
    expect(world.mx.rcptLog.find((r) => r.rcpt === 'refused@dest.example')?.code).toBe(550);
  }, 60_000);

  it('changes nothing for an auto-reply to the signed return path', async () => {
    const sent = await relay(['away@dest.example'], '<m3@haraka.test>');
    expect(await remote(sent, autoReply({ to: sent, from: 'away@dest.example' }))).toMatch(/^250 /);
    await until(() => logged(/inbound autoreply: nothing to record/), 'the auto-reply read');
    expect(await keys()).toEqual(['complainer@dest.example', 'dead@dest.example']);
    // Still the one complaint event: an auto-reply is no complaint.
    expect(await complaintEvents()).toEqual([THE_COMPLAINT]);
  }, 60_000);
});

const THE_COMPLAINT = expect.objectContaining({
  recipient: 'complainer@dest.example', sender: 'sender@haraka.test', senderDomain: 'haraka.test', campaign: 'spring', report: 'arf',
});

/** The data of the complaint outcome events in the outbox, once there is one. */
async function complaintEvents(): Promise<unknown[]> {
  const complaints = await until(async () => {
    const found = (await outcomeEvents()).filter((e) => e.data.kind === 'complaint');
    return found.length > 0 ? found : undefined;
  }, 'the complaint event');
  return complaints.map((e) => e.data);
}

/** Relays one message from sender@haraka.test; resolves to the envelope sender the fake MX saw. */
async function relay(to: string[], messageId: string, headers: Record<string, string> = {}): Promise<string> {
  const before = world.mx.delivered.length;
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: world.haraka.port, secure: false, ignoreTLS: true });
  await t.sendMail({ from: 'sender@haraka.test', to, subject: 'hello', text: 'hello', messageId, headers }).finally(() => t.close());
  const got = await until(() => world.mx.delivered.slice(before).find((m) => m.to.includes(to[0])), `${messageId} delivered`);
  return got.from;
}

/** Sends a raw message as a remote server would (from 127.0.0.2, null sender); resolves to Haraka's last reply. */
async function remote(rcpt: string, raw: string, from = ''): Promise<string> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: world.haraka.port, secure: false, ignoreTLS: true, localAddress: '127.0.0.2' });
  try {
    const info = await t.sendMail({ envelope: { from, to: [rcpt] }, raw });
    return String(info.response);
  } catch (err) {
    return String((err as { response?: string }).response ?? (err as Error).message);
  } finally {
    t.close();
  }
}

function until<T>(probe: () => Promise<T | undefined | null> | T | undefined | null, what: string): Promise<T> {
  return waitFor(what, async () => (await probe()) ?? undefined, { intervalMs: 200, context: () => recentLines(world.haraka.logs(), /bounceguard|CRIT|ERROR/) });
}

function logged(re: RegExp): true | undefined {
  return re.test(world.haraka.logs()) || undefined;
}

async function withStore<T>(fn: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(parseStoreConfig({ store: world.store }, world.tmp), { waitReadyMs: 5000 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const entry = (key: string) => withStore((s) => s.get(key));

const outcomeEvents = () => withStore(async (s) => (await s.readLog(EVENT_STREAM, 0, 100_000))
  .map((i) => JSON.parse(i.item) as BounceguardEvent).filter((e): e is OutcomeEvent => e.type === 'outcome'));

async function keys(): Promise<string[]> {
  return withStore(async (s) => {
    const out: string[] = [];
    for await (const e of s.scan()) out.push(e.key);
    return out.sort();
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../bench/lib/corpus';
import { addressOf } from '../../plugins/lib/haraka-data';
import { parseBounce } from '../../src/dsn';
import { parseReturnpathConfig, SentRecords, signBatv, signVerp } from '../../src/returnpath';
import { dsn } from '../helpers/reports';
import { address, callHook, cleanUpAfterEach, configDir, CONT, DENY, fixtures, makePlugin, runtimeModule } from './helpers';

const OK = 906;
const SECRET = 'a plugin-test secret, long enough';
const RETURNPATH_INI = `[main]\nenabled=true\nsigning_key=1\n[keys]\n1=${SECRET}\n[haraka.test]\nmode=batv\n`;
const KEYS = parseReturnpathConfig({ keys: { 1: SECRET } }).keys!;

const cleanups = cleanUpAfterEach();

type Plugin = ReturnType<typeof makePlugin>;

function pluginWith(inboundIni: string, returnpathIni = RETURNPATH_INI): { plugin: Plugin; lines: string[] } {
  const cfg = configDir('[store]\nbackend=memory\n');
  fs.writeFileSync(path.join(cfg.dir, 'config', 'bounceguard-returnpath.ini'), returnpathIni);
  fs.writeFileSync(path.join(cfg.dir, 'config', 'bounceguard-inbound.ini'), inboundIni);
  cleanups.add(cfg.cleanup);
  const plugin = makePlugin('bounceguard-inbound', cfg);
  (plugin.shutdown as () => void)();
  const lines: string[] = [];
  for (const level of ['loginfo', 'lognotice', 'logwarn', 'logerror'] as const) plugin[level] = (l: unknown) => { lines.push(`${level} ${String(l)}`); };
  return { plugin, lines };
}

interface Delivery {
  rcpt: Array<{ code: unknown; msg: unknown }>;
  queue?: { code: unknown; msg: unknown };
  rcptTo: string[];
}

/** One SMTP transaction through the plugin's hooks, as Haraka runs them. */
async function deliver(plugin: Plugin, opts: { from?: string; to: string[]; raw: string | Buffer; ip?: string }): Promise<Delivery> {
  const conn = fixtures.connection.createConnection();
  (conn as { remote: { ip: string } }).remote = { ip: opts.ip ?? '192.0.2.7' };
  conn.init_transaction();
  const txn = conn.transaction as Haraka.Transaction & { add_data(l: Buffer): void; end_data(cb: () => void): void };
  txn.mail_from = opts.from ? address(opts.from) : { user: null, host: null, address: '', original: '<>' };
  const rcpt = [];
  for (const to of opts.to) {
    const answer = await callHook(plugin, 'bounceguard_inbound_rcpt', conn, [address(to)]);
    rcpt.push(answer);
    if (answer.code === OK) txn.rcpt_to.push(address(to));
  }
  if (txn.rcpt_to.length === 0) return { rcpt, rcptTo: [] };
  const raw = Buffer.isBuffer(opts.raw) ? opts.raw : Buffer.from(opts.raw);
  for (const line of raw.toString('latin1').split(/(?<=\n)/)) txn.add_data(Buffer.from(line, 'latin1'));
  await new Promise<void>((resolve) => txn.end_data(resolve));
  await callHook(plugin, 'bounceguard_inbound_data', conn);
  await (txn.notes.bounceguard_inbound as { handled?: Promise<void> }).handled;
  const queue = await callHook(plugin, 'bounceguard_inbound_queue', conn);
  return { rcpt, queue, rcptTo: txn.rcpt_to.map(addressOf) };
}

async function storedKeys(plugin: Plugin): Promise<string[]> {
  const rt = await runtimeModule.runtime(plugin);
  const keys: string[] = [];
  for await (const e of rt.store!.scan()) keys.push(e.key);
  return keys;
}

function corpusEmails(): string[] {
  const root = path.join(corpusDir(), 'sisimai', 'emails');
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  return walk(root).sort();
}

describe('bounceguard-inbound', () => {
  it('leaves mail that is not addressed to a return path of ours to the other plugins', async () => {
    const { plugin } = pluginWith('');
    for (const to of ['user@elsewhere.example', 'prvs=1000abcdef=user@elsewhere.example']) {
      expect((await callHook(plugin, 'bounceguard_inbound_rcpt', connWith(''), [address(to)])).code).toBe(CONT);
    }
    // Ordinary mail (not a bounce) to an ordinary address of a signing domain is not ours either.
    expect((await callHook(plugin, 'bounceguard_inbound_rcpt', connWith('friend@example.org'), [address('sender@haraka.test')])).code).toBe(CONT);
  });

  it('takes no unsigned bounce for its own while signing is off, yet still checks signed ones', async () => {
    const { plugin } = pluginWith('', RETURNPATH_INI.replace('enabled=true', 'enabled=false'));
    expect((await callHook(plugin, 'bounceguard_inbound_rcpt', connWith(''), [address('sender@haraka.test')])).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_inbound_rcpt', connWith(''), [address('prvs=1000abcdef=sender@haraka.test')])).code).toBe(DENY);
  });

  it('refuses an unsigned bounce with 550 5.7.1 and logs once per source', async () => {
    const { plugin, lines } = pluginWith('');
    for (let i = 0; i < 3; i += 1) {
      const d = await deliver(plugin, { to: ['sender@haraka.test'], raw: 'x' });
      expect(d.rcpt[0]).toMatchObject({ code: DENY, msg: '5.7.1 <sender@haraka.test>: not a signed return path: no mail we sent bounces here' });
    }
    expect(lines.filter((l) => l.includes('from 192.0.2.7'))).toHaveLength(1);
  });

  it('with reject_unsigned=false accepts a forged return path, drops the message and records nothing', async () => {
    const { plugin } = pluginWith('[main]\nreject_unsigned=false\n');
    const forged = 'prvs=1000abcdef=sender@haraka.test';
    const d = await deliver(plugin, { to: [forged], raw: dsn({ to: forged, failed: 'victim@dest.example', messageId: '<x@haraka.test>' }) });
    expect(d.rcpt[0].code).toBe(OK);
    expect(d.queue?.code).toBe(OK);
    expect(await storedKeys(plugin)).toEqual([]);
  });

  it('hands a believed bounce back to the original sender with forward_to=sender', async () => {
    const { plugin } = pluginWith('[main]\nforward_to=sender\n');
    const rt = await runtimeModule.runtime(plugin);
    const rp = signBatv('sender@haraka.test', KEYS, Date.now()).address!;
    await new SentRecords(rt.store!).remember({ messageId: '<f1@haraka.test>', sender: 'sender@haraka.test', returnPath: rp, recipients: ['dead@dest.example'], at: Date.now() });
    const d = await deliver(plugin, { to: [rp], raw: dsn({ to: rp, failed: 'dead@dest.example', messageId: '<f1@haraka.test>' }) });
    expect(d.queue?.code).toBe(CONT);
    expect(d.rcptTo).toEqual(['sender@haraka.test']);
    expect(await storedKeys(plugin)).toEqual(['dead@dest.example']);
  });

  it('hands a VERP bounce back to the sender its sent record names with forward_to=sender', async () => {
    const { plugin } = pluginWith('[main]\nforward_to=sender\n', RETURNPATH_INI.replace('mode=batv', 'mode=verp'));
    const rt = await runtimeModule.runtime(plugin);
    const rp = signVerp('dead@dest.example', KEYS, Date.now(), { localPart: 'bounces', domain: 'haraka.test' }).address!;
    await new SentRecords(rt.store!).remember({ messageId: '<v1@haraka.test>', sender: 'news@haraka.test', returnPath: rp, recipients: ['dead@dest.example'], at: Date.now() });
    const d = await deliver(plugin, { to: [rp], raw: dsn({ to: rp, failed: 'dead@dest.example', messageId: '<v1@haraka.test>' }) });
    expect(d.queue?.code).toBe(CONT);
    expect(d.rcptTo).toEqual(['news@haraka.test']);
    expect(await storedKeys(plugin)).toEqual(['dead@dest.example']);
  });

  it('suppresses nothing for any corpus bounce sent without a valid signature', async () => {
    const { plugin } = pluginWith('[main]\nbounce_addresses=bounces@haraka.test\nfeedback_addresses=fbl@haraka.test\n');
    const emails = corpusEmails();
    expect(emails.length).toBeGreaterThan(300);
    const forged = 'prvs=1000abcdef=sender@haraka.test';
    const tally = { refused: 0, read: 0 };
    let naming = 0;
    for (const file of emails) {
      const raw = fs.readFileSync(file);
      if (parseBounce(raw).recipients.some((r) => r.suppress)) naming += 1;
      for (const to of ['sender@haraka.test', forged, 'bounces@haraka.test', 'fbl@haraka.test']) {
        const d = await deliver(plugin, { to: [to], raw });
        if (d.rcpt[0].code === DENY) tally.refused += 1;
        else tally.read += 1;
      }
    }
    const suppressed = await storedKeys(plugin);
    console.log(`forgery: ${emails.length} corpus emails (${naming} name a recipient to suppress) x 4 envelopes: ` +
      `${tally.refused} refused at RCPT, ${tally.read} read; suppressed: ${suppressed.length}`);
    expect(naming).toBeGreaterThan(100);
    expect(tally).toEqual({ refused: emails.length * 2, read: emails.length * 2 });
    expect(suppressed).toEqual([]);
  }, 120_000);
});

function connWith(from: string) {
  const conn = fixtures.connection.createConnection();
  conn.init_transaction();
  conn.transaction!.mail_from = from ? address(from) : { user: null, host: null, address: '', original: '<>' };
  return conn;
}

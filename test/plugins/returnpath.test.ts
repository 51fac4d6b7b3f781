import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SentRecords, verifyReturnPath, parseReturnpathConfig } from '../../src/returnpath';
import { addressOf } from '../../plugins/lib/haraka-data';
import { address, callHook, cleanUpAfterEach, configDir, eventually, fixtures, makePlugin, runtimeModule } from './helpers';

const cleanups = cleanUpAfterEach();

const RETURNPATH_INI = `[main]
enabled=true
signing_key=1
[keys]
1=a test secret of some length
[haraka.test]
mode=batv
[verp.test]
mode=verp
bounce_domain=bounce.haraka.test
`;

function pluginWith(returnpathIni: string) {
  const cfg = configDir('[store]\nbackend=memory\n');
  fs.writeFileSync(path.join(cfg.dir, 'config', 'bounceguard-returnpath.ini'), returnpathIni);
  cleanups.add(cfg.cleanup);
  const plugin = makePlugin('bounceguard-returnpath', cfg);
  (plugin.shutdown as () => void)();
  return plugin;
}

function outgoing(from: string, to: string[], messageId = `<${Math.random().toString(16).slice(2)}@haraka.test>`) {
  const conn = fixtures.connection.createConnection();
  conn.init_transaction();
  const txn = conn.transaction!;
  txn.mail_from = address(from);
  txn.rcpt_to.push(...to.map((t) => address(t)));
  (txn as unknown as { add_header(k: string, v: string): void }).add_header('Message-Id', messageId);
  return { conn, txn, messageId };
}

async function recordOf(plugin: object, messageId: string) {
  const rt = await runtimeModule.runtime(plugin as never);
  return eventually(async () => (await new SentRecords(rt.store!, 1000).find(messageId)) ?? undefined);
}

describe('bounceguard-returnpath', () => {
  const keys = parseReturnpathConfig({ keys: { 1: 'a test secret of some length' } }).keys!;

  it('signs the envelope sender of a configured domain and records the message', async () => {
    const plugin = pluginWith(RETURNPATH_INI);
    const { conn, txn, messageId } = outgoing('Sender@haraka.test', ['a@dest.example', 'B@dest.example']);
    const r = await callHook(plugin, 'bounceguard_returnpath', conn);
    expect(r).toMatchObject({ code: undefined, sync: true });
    const rp = addressOf(txn.mail_from);
    expect(rp).toMatch(/^prvs=1\d{3}[0-9a-f]{6}=Sender@haraka\.test$/);
    expect(verifyReturnPath(rp, keys, Date.now())).toMatchObject({ ok: true, sender: 'Sender@haraka.test' });
    expect(await recordOf(plugin, messageId)).toMatchObject({ sender: 'Sender@haraka.test', returnPath: rp, recipients: ['a@dest.example', 'b@dest.example'] });
  });

  it('uses VERP at the bounce domain for a single recipient when configured', async () => {
    const plugin = pluginWith(RETURNPATH_INI);
    const { conn, txn } = outgoing('news@verp.test', ['reader@dest.example']);
    await callHook(plugin, 'bounceguard_returnpath', conn);
    expect(addressOf(txn.mail_from)).toMatch(/^bounces\+1\d{3}[0-9a-f]{6}-reader=dest\.example@bounce\.haraka\.test$/);
  });

  it('leaves other domains, null senders and a disabled file alone', async () => {
    const plugin = pluginWith(RETURNPATH_INI);
    for (const from of ['someone@elsewhere.example', '']) {
      const { conn, txn } = outgoing(from, ['a@dest.example']);
      if (from === '') txn.mail_from = { user: null, host: null, address: '', original: '<>' };
      await callHook(plugin, 'bounceguard_returnpath', conn);
      expect(addressOf(txn.mail_from)).toBe(from);
    }
    cleanups.now();
    const off = pluginWith(RETURNPATH_INI.replace('enabled=true', 'enabled=false'));
    const { conn, txn } = outgoing('sender@haraka.test', ['a@dest.example']);
    await callHook(off, 'bounceguard_returnpath', conn);
    expect(addressOf(txn.mail_from)).toBe('sender@haraka.test');
  });

  it('lets mail through unsigned, with one log line, when the file is invalid', async () => {
    const plugin = pluginWith('[main]\nenabled=true\n');
    const lines: string[] = [];
    plugin.logerror = (l: unknown) => { lines.push(String(l)); };
    for (let i = 0; i < 2; i += 1) {
      const { conn, txn } = outgoing('sender@haraka.test', ['a@dest.example']);
      await callHook(plugin, 'bounceguard_returnpath', conn);
      expect(addressOf(txn.mail_from)).toBe('sender@haraka.test');
    }
    expect(lines).toEqual([
      'bounceguard: config/bounceguard-returnpath.ini [main] enabled=true: needs at least one key in [keys]',
      'bounceguard: config/bounceguard-returnpath.ini: 1 problem (above): returnpath settings refused: return paths are neither signed nor verified until the file is fixed',
    ]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreConfig } from '../../src/store';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

/**
 * An operator edits bounceguard.ini under a running Haraka: a typo, two typos, a bad value, the
 * fix. Suppression must never stop, every problem must be logged with its value, the fix too.
 */
describe('editing bounceguard.ini under a running Haraka', () => {
  let tmp: string;
  let mx: FakeMx;
  let haraka: RunningHaraka;
  let store: Record<string, string>;
  const ini = (suppress: string) => bounceguardIni(store, suppress);
  const edit = (suppress: string) => fs.writeFileSync(path.join(haraka.dir, 'config', 'bounceguard.ini'), ini(suppress));
  const context = () => recentLines(haraka.logs(), /bounceguard|CRIT|ERROR/);
  const logged = (what: string, pattern: RegExp) => waitFor(what, () => pattern.test(haraka.logs()), { context });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-e2e-reload-'));
    store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
    mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('gone') ? { code: 550, message: '5.1.1 User unknown' } : null) });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress'],
      pluginFiles: packPluginFiles(),
      config: { 'bounceguard.ini': ini('') },
    });
    await logged('the store', /bounceguard: store ready \(sqlite .*bounceguard\.db\)/);
  }, 60_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Sends to a dead address and waits until the store holds it. */
  async function suppresses(rcpt: string): Promise<void> {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    await t.sendMail({ from: 'sender@haraka.test', to: [rcpt], subject: 'reload', text: 'hello' }).finally(() => t.close());
    const s = await openStore(parseStoreConfig({ store }, tmp));
    try {
      await waitFor(`${rcpt} suppressed`, async () => (await s.get(rcpt)) !== null, { context });
    } finally {
      await s.close();
    }
  }

  it('keeps suppressing through every mistake, names each with its value, and logs the fix', async () => {
    await suppresses('gone0@a.example');

    edit('escalate_afer=5\n');
    await logged('the typo', /\[suppress\] escalate_afer=5: unknown key \(did you mean escalate_after\?\)/);
    await logged('what stays in force', /config\/bounceguard\.ini: 1 problem \(above\): the last good suppress settings stay in force/);
    await suppresses('gone1@a.example');

    edit('escalate_afer=5\nfail_opne=false\n');
    await logged('the second typo', /\[suppress\] fail_opne=false: unknown key \(did you mean fail_open\?\)/);
    await logged('both counted', /config\/bounceguard\.ini: 2 problems \(above\)/);
    await suppresses('gone2@a.example');

    edit('escalate_after=lots\n');
    await logged('the bad value', /\[suppress\] escalate_after=lots: must be a number/);
    await suppresses('gone3@a.example');

    edit('escalate_after=5\n');
    await logged('the fix', /bounceguard: config\/bounceguard\.ini is valid again: its configuration is in force/);
    await suppresses('gone4@a.example');

    const logs = haraka.logs();
    expect(logs).not.toMatch(/not-recorded\(suppression disabled\)/);
    expect(logs).not.toMatch(/suppression is off/);
  }, 120_000);

  it("logs with Haraka's queue and transaction ids, under the plugin's name, with one prefix", async () => {
    // Each bounce line carries the queue id in Haraka's own field, as its outbound lines do.
    expect(haraka.logs()).toMatch(/\[NOTICE\] \[([^\]\s-][^\]\s]+)\] \[bounceguard-record\] bounceguard: \[\1\] bounce rcpt=<gone0@a\.example>/);
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    await expect(t.sendMail({ from: 'sender@haraka.test', to: ['gone0@a.example'], subject: 'again', text: 'hello' }).finally(() => t.close()))
      .rejects.toThrow(/recipient suppressed/);
    await logged('the refusal', /\[INFO\] \[[0-9A-F-]{36}\.\d+\] \[bounceguard-suppress\] bounceguard: refused suppressed recipient <gone0@a\.example>/);
    expect(haraka.logs()).not.toMatch(/bounceguard: bounceguard:/);
    expect(haraka.logs()).not.toMatch(/\[-\] \[(core|bounceguard-[a-z]+)\] bounceguard: \[/);
  }, 60_000);
});

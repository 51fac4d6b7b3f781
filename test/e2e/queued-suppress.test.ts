import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

/**
 * Issue 15, item 4: a recipient suppressed while a message to it waits in Haraka's queue is not
 * attempted again at the next attempt; the message's other recipients go on.
 */
describe('queued mail follows the suppression list, in a real Haraka', () => {
  let tmp: string;
  let mx: FakeMx;
  let haraka: RunningHaraka;
  /** Recipients the fake MX defers (451) for now. */
  const deferring = new Set<string>();

  beforeAll(async () => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-queued-'));
    mx = await startFakeMx({ replyFor: (rcpt) => (deferring.has(rcpt) ? { code: 451, message: '4.3.0 Temporary failure, try again later' } : null) });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress'],
      pluginFiles: packPluginFiles(),
      nodes: 0,
      config: {
        // Lookups are cached for lookup_cache_ttl_ms (30 s by default, within Haraka's first retry
        // interval of 64 s): shorter here, where the retry comes after 5 s.
        'bounceguard.ini': bounceguardIni({
          backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool'), lookup_cache_ttl_ms: 1000,
        }),
        'outbound.ini': 'temp_fail_intervals=5s*4\n',
      },
    });
  }, 90_000);
  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const context = () => recentLines(haraka.logs(), /bounceguard|CRIT|ERROR|delivered|Temp fail/);
  const attempts = (rcpt: string) => mx.rcptLog.filter((r) => r.rcpt === rcpt).map((r) => r.code);
  const queued = () => fs.readdirSync(path.join(haraka.dir, 'queue')).filter((f) => !f.startsWith('.'));

  function send(to: string[]) {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    return t.sendMail({ from: 'sender@haraka.test', to, subject: 'queued', text: 'hello' }).finally(() => t.close());
  }

  it('drops the newly suppressed recipients at the next attempt, delivers the others, ends a message left with none', async () => {
    for (const r of ['a@q.example', 'b@q.example', 'c@q.example']) deferring.add(r);
    await send(['a@q.example', 'b@q.example']);
    await send(['c@q.example']);
    await waitFor('the first attempts, deferred', () => ['a@q.example', 'b@q.example', 'c@q.example'].every((r) => attempts(r).length === 1), { context });
    expect(queued().length).toBe(2);

    // Suppressed by the operator while both messages wait for their next attempt.
    for (const r of ['a@q.example', 'c@q.example']) {
      const run = await runCli(['--config', haraka.dir, 'suppression', 'add', r, '--reason', 'userunknown']);
      expect(run.code, run.stderr).toBe(0);
    }
    deferring.clear();

    await waitFor('b delivered at the next attempt', () => mx.delivered.some((m) => m.to.includes('b@q.example')), { context });
    await waitFor('the message to c ended', () => /every recipient of this queued message is suppressed/.test(haraka.logs()), { context });
    await waitFor('the queue emptied', () => queued().length === 0, { context });
    expect(attempts('a@q.example')).toEqual([451]);
    expect(attempts('c@q.example')).toEqual([451]);
    expect(attempts('b@q.example')).toEqual([451, 250]);
    const delivered = mx.delivered.find((m) => m.to.includes('b@q.example'));
    expect(delivered?.to).toEqual(['b@q.example']);
    const logs = haraka.logs();
    expect(logs).toMatch(/dropped suppressed recipient <a@q\.example> from queued mail \(userunknown, manual\)/);
    expect(logs).toMatch(/dropped suppressed recipient <c@q\.example> from queued mail/);
    // No DSN went back to the sender for the message that ended: nothing was sent to sender@haraka.test.
    expect(mx.delivered.some((m) => m.to.includes('sender@haraka.test'))).toBe(false);
    // Nor did bounceguard-record take that ending ("No MX for q.example") for a remote's refusal:
    // listed first in the config, it runs first on the bounce hook.
    expect(logs).not.toMatch(/bounceguard: \[[^\]]*\] bounce rcpt=<c@q\.example>/);
    const domain = await runCli(['--config', haraka.dir, 'check', '@q.example']);
    expect(domain.stdout).toMatch(/@q\.example: not suppressed/);
  }, 90_000);
});

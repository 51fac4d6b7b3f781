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
 * Issue 15, item 5: `bounceguard throttle pause|release` is honoured by every worker. Two Haraka
 * workers share a SQLite store; a paused destination gets nothing until it is released, while
 * other destinations are delivered as usual.
 */
describe('throttle pause and release from the CLI, in a real Haraka with two workers', () => {
  let tmp: string;
  let mx: FakeMx;
  let haraka: RunningHaraka;

  beforeAll(async () => {
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-e2e-control-'));
    mx = await startFakeMx({ replyFor: () => null });
    const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'bounceguard.db'), spool_path: path.join(tmp, 'spool') };
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-throttle'],
      pluginFiles: packPluginFiles(['record', 'throttle']),
      nodes: 2,
      config: { 'bounceguard.ini': bounceguardIni(store, '\n[throttle]\nenabled=true\n') },
    });
  }, 90_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli(['--config', haraka.dir, ...args]);
  const deliveredTo = (domain: string) => mx.delivered.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));
  const context = () => recentLines(haraka.logs(), /throttle|CRIT|ERROR|delivered/);

  async function sendMany(domain: string, count: number): Promise<void> {
    // Several connections, so that both workers take some of the mail.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, pool: true, maxConnections: 4, ignoreTLS: true });
    await Promise.all(Array.from({ length: count }, (_, i) => transport.sendMail({ from: 'sender@haraka.test', to: `user${i}@${domain}`, subject: `m${i}`, text: 'hello' })));
    transport.close();
  }

  it('holds every message to a paused destination until it is released', async () => {
    const paused = await cli('throttle', 'pause', 'paused.example');
    expect(paused.stdout).toBe('domain:paused.example paused until released\n');
    const status = await cli('throttle', 'status', '--json');
    expect(JSON.parse(status.stdout.trim())).toMatchObject({ key: 'domain:paused.example', override: { kind: 'pause', until: null } });
    // Each worker re-reads the overrides at least every OVERRIDE_RECHECK_MS (500 ms).
    await new Promise((r) => setTimeout(r, 1000));

    await sendMany('paused.example', 12);
    await sendMany('open.example', 6);
    await waitFor('the open destination delivered', () => deliveredTo('open.example').length === 6, { context });
    // Held messages come back every few seconds: give them several rounds to be (wrongly) sent.
    await new Promise((r) => setTimeout(r, 8000));
    expect(deliveredTo('paused.example')).toEqual([]);
    const workers = new Set([...haraka.logs().matchAll(/\[outbound\] .*?delivered file=\S+_(\d+)_\w+_\d+_vm domain=open\.example/g)].map((m) => m[1]));
    expect(workers.size, 'both workers sent mail').toBe(2);

    const released = await cli('throttle', 'release', 'paused.example');
    expect(released.stdout).toBe('domain:paused.example released\n');
    await waitFor('the paused destination delivered after release', () => deliveredTo('paused.example').length === 12, { context, timeoutMs: 30_000 });
    expect((await cli('throttle', 'status', '--json')).stdout).not.toMatch(/paused\.example/);
  }, 90_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { recentLines, waitFor } from '../helpers/wait';

const TOKEN = 'haraka-test-token-0123456789abcdef';

/** The API in a real Haraka with two workers: served by the master, honoured by the workers, reloaded on edits. */
describe('the HTTP API in a real Haraka (nodes=2)', () => {
  let mx: FakeMx;
  let haraka: RunningHaraka;
  let tmp: string;
  const context = () => recentLines(haraka.logs(), /bounceguard|CRIT|ERROR/);
  const until = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>) =>
    waitFor(what, probe, { timeoutMs: 40_000, intervalMs: 200, context });
  const urls = () => [...haraka.logs().matchAll(/bounceguard: http api and dashboard on (http:\/\/\S+)/g)].map((m) => m[1]);
  const editHttp = (text: string) => fs.writeFileSync(path.join(haraka.dir, 'config', 'bounceguard-http.ini'), text);
  const send = (to: string) => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    return t.sendMail({ from: 'sender@haraka.test', to: [to], subject: 'http', text: 'hello' }).finally(() => t.close());
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-http-haraka-'));
    mx = await startFakeMx({ replyFor: () => null });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress'],
      pluginFiles: packPluginFiles(),
      nodes: 2,
      config: {
        // No lookup cache: every worker asks the store, so a write through the master shows at once.
        'bounceguard.ini': bounceguardIni({ backend: 'sqlite', sqlite_path: path.join(tmp, 'list.db'), spool_path: path.join(tmp, 'spool'), timeout_ms: 1000, lookup_cache_ttl_ms: 0 }),
        'bounceguard-metrics.ini': '[metrics]\nenabled=true\nlisten=127.0.0.1:0\n',
        'bounceguard-http.ini': '[http]\nenabled=true\nlisten=127.0.0.1:0\n',
      },
    });
    await until('the API URL in the log', () => urls().length > 0);
  }, 90_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves API, page and summed metrics on one master listener; a suppression added there is refused by the workers', async () => {
    const [url] = urls();
    expect(urls()).toHaveLength(1);
    expect(haraka.logs()).toContain(`bounceguard: metrics on ${url}metrics (the http listener; [metrics] listen is not used)`);
    expect(await (await fetch(`${url}api/whoami`)).json()).toEqual({ tokenRequired: false, name: 'loopback', scope: 'rw' });
    const added = await fetch(`${url}api/suppressions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: 'held@a.example', reason: 'userunknown' }) });
    expect(added.status).toBe(201);
    await expect(send('held@a.example')).rejects.toThrow(/recipient suppressed/);
    // Summed over the workers at each scrape; a scrape a busy worker does not answer in time is a 500, so ask again.
    await until('the refusal in the metrics', async () => (await (await fetch(`${url}metrics`)).text()).includes('bounceguard_refused_total{stage="rcpt",reason="userunknown"} 1'));
    expect(await (await fetch(url)).text()).toContain('<title>bounceguard</title>');
  }, 60_000);

  it('keeps the last good settings when an edit would listen beyond loopback without a token, and restarts on a good edit', async () => {
    const [url] = urls();
    editHttp('[http]\nenabled=true\nlisten=0.0.0.0:0\n');
    await until('the refusal', () => /bounceguard-http\.ini \[http\] listen=0\.0\.0\.0:0: a listener beyond loopback needs at least one token/.test(haraka.logs()));
    await until('what stays in force', () => /config\/bounceguard-http\.ini: 1 problem \(above\): the last good http settings stay in force/.test(haraka.logs()));
    expect((await fetch(`${url}api/whoami`)).status).toBe(200);

    editHttp(`[http]\nenabled=true\nlisten=127.0.0.1:0\n[tokens]\nops=rw:${TOKEN}\n`);
    await until('the restart with a token', () => urls().length >= 2 && /and dashboard on \S+ \(1 tokens\)/.test(haraka.logs()));
    const now = urls().at(-1)!;
    expect((await fetch(`${now}api/suppressions`)).status).toBe(401);
    const removed = await fetch(`${now}api/suppressions/held@a.example`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(removed.status).toBe(200);
    await until('the removal logged with the token name', () => haraka.logs().includes('bounceguard: http: ops removed held@a.example'));
    await send('held@a.example');
    await until('the delivery', () => mx.delivered.some((m) => m.to.includes('held@a.example')));

    editHttp('[http]\nenabled=false\n');
    await until('the listener closed', async () => {
      try {
        await fetch(`${now}api/whoami`);
        return false;
      } catch {
        return true;
      }
    });
    await until('metrics back on their own listener', () => /bounceguard: metrics on http:\/\/127\.0\.0\.1:\d+\/metrics$/m.test(haraka.logs()));
  }, 90_000);
});

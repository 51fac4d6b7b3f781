import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';
import { bounceguardIni, packPluginFiles } from '../helpers/sim/pack';
import { waitFor } from '../helpers/wait';

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) =>
  waitFor(what, probe, { timeoutMs: 40_000, intervalMs: 200 });

/** The value of one sample line of the scrape, or 0 when the series is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.each([
  ['one process', 0],
  ['two workers, summed by the master', 2],
])('metrics from a real Haraka (%s)', (_name, nodes) => {
  let mx: FakeMx;
  let haraka: RunningHaraka;
  let tmp: string;
  let url: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-metrics-'));
    mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('unknown') ? { code: 550, message: '5.1.1 User unknown' } : null) });
    haraka = await startHaraka({
      mxPort: mx.port,
      plugins: ['bounceguard-record', 'bounceguard-suppress'],
      pluginFiles: packPluginFiles(),
      nodes,
      config: {
        'bounceguard.ini': bounceguardIni({ backend: 'sqlite', sqlite_path: path.join(tmp, 'list.db') }),
        'bounceguard-metrics.ini': '[metrics]\nenabled=true\nlisten=127.0.0.1:0\n',
      },
    });
    url = await until('the metrics URL in the log', () => /bounceguard: metrics on (http:\/\/\S+)/.exec(haraka.logs())?.[1]);
  }, 90_000);

  afterAll(async () => {
    await haraka?.stop();
    await mx?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const send = (to: string[]) => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    return t.sendMail({ from: 'sender@haraka.test', to, subject: 'metrics', text: 'hello' }).finally(() => t.close());
  };
  const scrape = async () => (await fetch(url)).text();

  it('counts outcomes, suppressions and refusals as they happen', async () => {
    const before = await scrape();
    expect(sample(before, 'bounceguard_refused_total{stage="rcpt",reason="userunknown"}')).toBe(0);
    await send(['alive@a.example', 'unknown@a.example']);
    const rule = classify({ reply: '550 5.1.1 User unknown', stage: 'rcpt' }).rule;
    const bounced = `bounceguard_outcomes_total{kind="bounce",reason="userunknown",rule="${rule}"}`;
    const after = await until('the bounce in the metrics', async () => {
      const text = await scrape();
      return sample(text, bounced) >= 1 && sample(text, 'bounceguard_outcomes_total{kind="delivered",reason="delivered",rule="code.2xx"}') >= 1 ? text : undefined;
    });
    expect(sample(after, 'bounceguard_suppression_actions_total{action="suppressed"}')).toBe(1);

    await expect(send(['unknown@a.example'])).rejects.toThrow(/suppressed/);
    const refused = await scrape();
    expect(sample(refused, 'bounceguard_refused_total{stage="rcpt",reason="userunknown"}')).toBe(1);
    expect((await fetch(url.replace(/\/metrics$/, '/nope'))).status).toBe(404);
  }, 60_000);
});

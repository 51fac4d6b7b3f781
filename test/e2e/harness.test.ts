import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMx, type FakeMx } from '../helpers/sim/fake-mx';
import { startHaraka, type RunningHaraka } from '../helpers/sim/haraka';

let mx: FakeMx;
let haraka: RunningHaraka;

beforeAll(async () => {
  mx = await startFakeMx({ replyFor: (rcpt) => (rcpt.startsWith('unknown') ? { code: 550, message: '5.1.1 User unknown' } : null) });
  haraka = await startHaraka({ mxPort: mx.port });
}, 60_000);

afterAll(async () => {
  await haraka?.stop();
  await mx?.close();
});

describe('e2e harness', () => {
  it('relays through a real Haraka to the fake MX, which answers per recipient', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: haraka.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'sender@haraka.test', to: ['alive@example.net', 'unknown@example.net'], subject: 'hi', text: 'hello' });
    transport.close();
    const deadline = Date.now() + 20_000;
    while (mx.delivered.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(mx.delivered[0]?.to).toEqual(['alive@example.net']);
    expect(mx.rcptLog).toContainEqual({ rcpt: 'unknown@example.net', code: 550 });
  }, 30_000);
});

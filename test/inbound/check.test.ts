import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { checkReport, type Envelope } from '../../src/inbound';
import { MemoryStore } from '../../src/store/memory';
import { SentRecords, type SentRecord } from '../../src/returnpath';
import { arf, dsn } from '../helpers/reports';

const NOW = Date.now();
const batv = (sender: string): Envelope => ({ signed: [{ ok: true, kind: 'batv', sender, keyId: '1', ageDays: 0 }], listed: false });
const verp = (recipient: string): Envelope => ({ signed: [{ ok: true, kind: 'verp', recipient, keyId: '1', ageDays: 0 }], listed: false });
const listed: Envelope = { signed: [], listed: true };
const SENT: SentRecord = { messageId: '<m1@haraka.test>', sender: 'sender@haraka.test', returnPath: 'prvs=x', recipients: ['dead@dest.example'], at: NOW };

async function recordsWith(...sent: SentRecord[]): Promise<SentRecords> {
  const records = new SentRecords(new MemoryStore());
  for (const s of sent) await records.remember(s);
  return records;
}

const bounceFor = (failed: string, messageId = '<m1@haraka.test>') => parseBounce(dsn({ to: 'prvs=x', failed, messageId }));

describe('checkReport', () => {
  it.each([
    ['a recorded recipient of a signed sender', bounceFor('dead@dest.example'), batv('sender@haraka.test'), true, ''],
    ['a recorded recipient, whatever the case the report writes', bounceFor('DEAD@dest.example'), batv('Sender@Haraka.test'), true, ''],
    ['a recipient the message did not carry', bounceFor('other@dest.example'), batv('sender@haraka.test'), false, 'the message was not sent to this recipient'],
    ['a message of another sender', bounceFor('dead@dest.example'), batv('someone@haraka.test'), false, 'the message was sent by another sender'],
    ['a message never recorded', bounceFor('dead@dest.example', '<other@haraka.test>'), batv('sender@haraka.test'), false, 'no record of the message it names'],
    ['no signature and no listed address', bounceFor('dead@dest.example'), { signed: [], listed: false }, false, 'no signed return path'],
    ['a listed bounce address and a recorded recipient', bounceFor('dead@dest.example'), listed, true, ''],
    ['a VERP signature for that recipient, without a record', bounceFor('x@dest.example', '<none@haraka.test>'), verp('x@dest.example'), true, ''],
    ['a VERP signature for another recipient', bounceFor('y@dest.example', '<none@haraka.test>'), verp('x@dest.example'), false, 'no record of the message it names'],
  ])('%s', async (_, report, envelope, ours, why) => {
    const [c] = await checkReport(report, envelope, await recordsWith(SENT));
    expect(c.ours).toBe(ours);
    if (!c.ours) expect(c.why).toBe(why);
  });

  it('names the only recipient of a recorded message for a complaint that hides the complainant', async () => {
    const report = parseBounce(arf({ to: 'fbl@haraka.test', complainant: 'redacted', messageId: '<m1@haraka.test>' }).replace(/Original-Rcpt-To: .*\r\n/, '').replace(/To: redacted\r\n/, ''));
    expect(report.recipients.map((r) => r.recipient)).toEqual(['']);
    const [c] = await checkReport(report, listed, await recordsWith(SENT));
    expect(c).toMatchObject({ ours: true, recipient: 'dead@dest.example' });
    const [two] = await checkReport(report, listed, await recordsWith({ ...SENT, recipients: ['a@dest.example', 'b@dest.example'] }));
    expect(two.ours).toBe(false);
  });

  it('never counts an auto-reply or an unreadable message', async () => {
    expect(await checkReport(parseBounce('Subject: Out of office\r\nAuto-Submitted: auto-replied\r\nFrom: a@dest.example\r\n\r\naway\r\n'), batv('sender@haraka.test'), await recordsWith(SENT))).toEqual([]);
    expect(await checkReport(parseBounce('hello'), batv('sender@haraka.test'), await recordsWith(SENT))).toEqual([]);
  });
});

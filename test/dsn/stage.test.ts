import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { stageIn } from '../../src/dsn/text';

/** A multipart/report with one recipient: the notice text, then the delivery-status fields. */
function report(notice: string, fields: string[]): string {
  return [
    'From: MAILER-DAEMON@mx.example.org',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    notice,
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    'Final-Recipient: rfc822; cat@example.jp',
    'Action: failed',
    ...fields,
    '',
    '--B--',
    '',
  ].join('\n');
}

const WRAPPED = [
  '<cat@example.jp>: host mx.example.jp[192.0.2.1] said: 550',
  '    <cat@example.jp>: User unknown (in reply to',
  '    RCPT TO command)',
].join('\n');

describe('the SMTP stage a notice states', () => {
  it('is found when the notice wraps the words that name it', () => {
    expect(stageIn('said: 550 User unknown (in reply to\n    RCPT TO command)')).toBe('rcpt');
    expect(stageIn('refused to\n    talk to me: 554 go away')).toBe('connect');
    expect(stageIn('said: 550 spam (in reply to end of\n DATA command)')).toBe('dot');
    expect(stageIn('550 User unknown')).toBeUndefined();
  });

  it('reaches the recipient of a report whose Diagnostic-Code does not name it', () => {
    const r = parseBounce(report(WRAPPED, ['Status: 5.0.0', 'Diagnostic-Code: smtp; 550 <cat@example.jp>: User unknown'])).recipients[0];
    expect(r).toMatchObject({ recipient: 'cat@example.jp', stage: 'rcpt', reason: 'userunknown', bounce: 'hard' });
  });
});

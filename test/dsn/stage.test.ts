import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { corpusDir } from '../../bench/lib/corpus';
import { stageIn } from '../../src/dsn/text';
import { deliveryReport } from './report';

/** A multipart/report with one recipient: the notice text, then the delivery-status fields. */
function report(notice: string, fields: string[]): string {
  return deliveryReport({
    from: 'MAILER-DAEMON@mx.example.org',
    subject: 'Undelivered Mail Returned to Sender',
    text: `${notice}\n`,
    fields: ['Final-Recipient: rfc822; cat@example.jp', 'Action: failed', ...fields],
  });
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

const maildir = path.join(corpusDir(), 'sisimai', 'emails', 'maildir', 'bsd');
const firstOf = (id: string) => parseBounce(fs.readFileSync(path.join(maildir, `${id}.eml`))).recipients[0];

describe('a "user unknown" whose SMTP stage the report does not state', () => {
  it('stays the mailbox verdict: no stage evidence is not evidence of a filter', () => {
    const r = parseBounce(report('Your message could not be sent.', ['Status: 5.0.0', 'Diagnostic-Code: smtp; 550 cat@example.jp... No such user'])).recipients[0];
    expect(r.stage).toBeNull();
    expect(r).toMatchObject({ reason: 'userunknown', bounce: 'hard', suppress: true });
  });

  it('becomes a content refusal only when the report places it after DATA', () => {
    const notice = '<cat@example.jp>: host mx.example.jp[192.0.2.1] said: 550 Unknown user\n    (in reply to end of DATA command)';
    const r = parseBounce(report(notice, ['Status: 5.0.0', 'Diagnostic-Code: smtp; 550 Unknown user cat@example.jp'])).recipients[0];
    expect(r).toMatchObject({ stage: 'dot', reason: 'filtered', bounce: 'soft', suppress: false });
  });

  it('gets one verdict for the same evidence, whichever gateway wrote the report', () => {
    // Both: Status 5.0.0 or none, "550 <address>... No such user", no stage anywhere in the message.
    const mcafee = firstOf('lhost-mcafee-04');
    const surfcontrol = firstOf('lhost-surfcontrol-01');
    expect(mcafee).toMatchObject({ reason: 'userunknown', bounce: 'hard' });
    expect(surfcontrol).toMatchObject({ reason: mcafee.reason, bounce: mcafee.bounce, suppress: mcafee.suppress });
  });
});

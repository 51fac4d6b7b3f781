import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { parseSes, unwrapSesDiagnostic } from '../../src/dsn/vendors/ses';

function sesMail(message: object): string {
  const envelope = { Type: 'Notification', Message: JSON.stringify(message) };
  return `From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n\n${JSON.stringify(envelope, null, 2)}\n`;
}

describe('Amazon SES notifications', () => {
  it('reads a complaint as feedback, never a bounce', () => {
    const report = parseBounce(sesMail({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'cat@example.org' }], complaintFeedbackType: 'abuse', timestamp: 't' },
    }));
    expect(report.kind).toBe('arf');
    expect(report.recipients[0]).toMatchObject({ recipient: 'cat@example.org', reason: 'feedback', bounce: 'none', feedbackType: 'abuse' });
  });

  it('reads bounced recipients with their status and diagnostic', () => {
    const report = parseBounce(sesMail({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        reportingMTA: 'dsn; a1.smtp-out.amazonses.com',
        bouncedRecipients: [{ emailAddress: 'dog@example.org', status: '5.1.1', action: 'failed', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      },
    }));
    expect(report.kind).toBe('dsn');
    expect(report.reporting_mta).toBe('a1.smtp-out.amazonses.com');
    expect(report.recipients[0]).toMatchObject({ recipient: 'dog@example.org', status: '5.1.1', diagnostic: '550 5.1.1 user unknown', bounce: 'hard' });
  });

  it('repairs SNS line wrapping and ignores what is not an SES event', () => {
    const wrapped = '{"notificationType":"Delivery","delivery":{"recipients":["a@b.c"],"smtpRes!\n ponse":"250 ok"}}';
    expect(parseSes(wrapped)?.recipients[0]).toMatchObject({ recipient: 'a@b.c', action: 'delivered' });
    expect(parseSes('{"notificationType": "Other"}')).toBeNull();
    expect(parseSes('{ not json')).toBeNull();
  });

  it('unwraps the remote reply from SES\'s own diagnostic wording', () => {
    expect(unwrapSesDiagnostic("5.1.0 - Unknown address error 550-'5.7.1 <x@y>... Access denied' (delivery attempts: 0)")).toBe('550 5.7.1 <x@y>... Access denied');
    expect(unwrapSesDiagnostic('550 5.1.1 user unknown')).toBe('550 5.1.1 user unknown');
  });
});

describe('auto-replies and complaints', () => {
  it('reads an RFC 3834 auto-reply as vacation from its sender', () => {
    const report = parseBounce('From: Ann <ann@example.org>\nAuto-Submitted: auto-replied\nSubject: Re: hi\n\nI am away until Monday.\n');
    expect(report.kind).toBe('autoreply');
    expect(report.recipients[0]).toMatchObject({ recipient: 'ann@example.org', reason: 'vacation', bounce: 'none', suppress: false });
  });

  it('reads an ARF report with several Original-Rcpt-To fields', () => {
    const arf = [
      'From: fbl@isp.example', 'Content-Type: multipart/report; report-type=feedback-report; boundary=b', '',
      '--b', 'Content-Type: text/plain', '', 'This is an abuse report', '',
      '--b', 'Content-Type: message/feedback-report', '',
      'Feedback-Type: fraud', 'User-Agent: x/1', 'Version: 1', 'Original-Rcpt-To: <a@example.jp>', 'Original-Rcpt-To: b@example.jp', '',
      '--b', 'Content-Type: text/rfc822-headers', '', 'Message-ID: <orig@example.org>', 'X-Campaign: 42', '', '--b--',
    ].join('\n');
    const report = parseBounce(arf);
    expect(report.kind).toBe('arf');
    expect(report.recipients.map((r) => [r.recipient, r.feedbackType, r.suppress])).toEqual([
      ['a@example.jp', 'fraud', true],
      ['b@example.jp', 'fraud', true],
    ]);
    expect(report.original).toMatchObject({ message_id: '<orig@example.org>', x_headers: { 'x-campaign': '42' } });
  });
});

/**
 * A report whose one Final-Recipient the notice does not name, while the notice names one other
 * address: that is the address as the sender wrote it, kept as the original recipient (RFC 3464
 * 2.3.1), never in place of the final one (src/dsn/report.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { deliveryReport } from './report';

function report(text: string, fields: string[]): string {
  return deliveryReport({ from: 'Postmaster@relay.example.edu', subject: 'DELIVERY FAILURE', text, fields });
}

const TEXT = 'Your message\n\n  Subject: hello\n\nwas not delivered to:\n\n  jo.doe@example.com\n\nbecause:\n\n  Maximum hop count exceeded.\n';

describe('the original recipient from the notice', () => {
  it('keeps the final recipient and records the address the notice names', () => {
    const [r] = parseBounce(report(TEXT, ['Final-Recipient: rfc822; jdoe@mail.example.com', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: X-Notes; Maximum hop count exceeded.'])).recipients;
    expect(r).toMatchObject({ recipient: 'jdoe@mail.example.com', originalRecipient: 'jo.doe@example.com' });
  });

  it('leaves an Original-Recipient the report gives, and a notice that names the final address', () => {
    const given = parseBounce(report(TEXT, ['Original-Recipient: rfc822; jd@example.com', 'Final-Recipient: rfc822; jdoe@mail.example.com', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 550 5.0.0 no'])).recipients[0];
    expect(given.originalRecipient).toBe('jd@example.com');
    const same = parseBounce(report(TEXT, ['Final-Recipient: rfc822; jo.doe@example.com', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 550 5.0.0 no'])).recipients[0];
    expect(same.originalRecipient).toBeNull();
  });
});

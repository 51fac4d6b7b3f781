import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';

/** A text-only notice, so that the text reader (src/dsn/text.ts) finds the recipients and their causes. */
const notice = (body: string) =>
  `From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undeliverable\nContent-Type: text/plain\n\n${body}\n`;

function only(body: string) {
  const { recipients } = parseBounce(notice(body));
  expect(recipients).toHaveLength(1);
  return recipients[0];
}

describe('paragraphs, reply codes and headings of a notice (review of formats9a)', () => {
  it('keeps a reply that a row of "=" underlines: a line with a reply code is no heading', () => {
    const r = only('Delivery failed for the following recipient:\n\n<cat@example.jp>\n550 5.1.1 User unknown\n======================\n\nPlease check the address.');
    expect(r.diagnostic).toBe('550 5.1.1 User unknown');
    expect(r.reason).toBe('userunknown');
  });

  it('still drops a heading underlined with "=" under the cause (MailMarshal\'s "Additional Information")', () => {
    const r = only('Delivery failed for the following recipient:\n\n<cat@example.jp>\nMailbox full\n\nAdditional Information\n======================\n\nPlease check the address.');
    expect(r.diagnostic).toBe('Mailbox full');
  });

  it('reads no reply code in the host address a notice names in its own announcement', () => {
    // Notices name the host they talked to by its address (Sendmail savemail.c, Exim deliver.c "host x [ip]"):
    // an octet of 203.0.113.5 is no 2xx reply, so the announcing clause goes and the cause after it stays.
    const full = only('The server 203.0.113.5 could not deliver your message to the following recipients, the mailbox is full:\n\n<cat@example.jp>');
    expect(full.diagnostic).toBe('the mailbox is full:');
    const none = only('Host 10.4.5.6 was unable to deliver your message to the following addresses:\n\n<cat@example.jp>');
    expect(none.diagnostic).toBe('');
  });

  it("keeps Postfix's reply wrapped over indented lines with its stage", () => {
    // Postfix bounce_notify_util.c: the reply folded with a four-space indent, "(in reply to RCPT TO command)" last.
    const r = only('This is the mail system at host mx.example.org.\n\n                   The mail system\n\n<cat@example.jp>: host mx.example.jp[203.0.113.5] said: 550 5.1.1\n    <cat@example.jp>: Recipient address rejected: User unknown in local\n    recipient table (in reply to RCPT TO command)');
    expect(r.diagnostic).toMatch(/550 5\.1\.1 Recipient address rejected: User unknown in local recipient table \(in reply to RCPT TO command\)$/);
    expect(r.reason).toBe('userunknown');
  });

  it("keeps both paragraphs of qmail's account of one recipient", () => {
    // qmail-send.c writes qmail-remote's lines under "<x>:", a blank line between its own and the remote reply.
    const r = only("Hi. This is the qmail-send program at mx.example.org.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<cat@example.jp>:\nConnected to 203.0.113.5 but sender was rejected.\n\nRemote host said: 553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\n\n--- Below this line is a copy of the message.\n");
    expect(r.diagnostic).toBe("Connected to 203.0.113.5 but sender was rejected. Remote host said: 553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
  });
});

/**
 * A recipient whose diagnostic tells the classifier nothing is read from the notice's own words
 * (src/dsn/evidence.ts): the text next to its address and the Status comment (by their words or
 * their own enhanced code), a specific Status field, the introduction, the subject, then an X.Y.0
 * Status. The reports below are RFC 3464 reports with a Diagnostic-Code
 * that no text rule reads.
 */
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { deliveryReport } from './report';

interface Case {
  name: string;
  subject: string;
  text: string;
  status: string;
  diagnostic: string;
  originalSubject?: string;
  reason: string;
  rule: RegExp;
}

function report(c: Case): string {
  return deliveryReport({
    subject: c.subject,
    text: c.text,
    fields: ['Final-Recipient: rfc822; rcpt@example.net', 'Action: failed', `Status: ${c.status}`, `Diagnostic-Code: smtp; ${c.diagnostic}`],
    original: ['From: sender@example.org', 'To: rcpt@example.net', `Subject: ${c.originalSubject ?? 'hello'}`],
  });
}

const CASES: Case[] = [
  {
    name: 'the text next to the address states the cause',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\n\n<rcpt@example.net>: the recipient mailbox is full\n',
    status: '5.0.0',
    diagnostic: '550 5.0.0 error',
    reason: 'mailboxfull',
    rule: /^dsn\.notice\(/,
  },
  {
    name: 'an "other or undefined" enhanced code (X.2.0) yields to the text next to the address',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\n\n<rcpt@example.net>: the recipient mailbox is full\n',
    status: '5.2.0',
    diagnostic: '552 5.2.0 error',
    reason: 'mailboxfull',
    rule: /^dsn\.notice\(/,
  },
  {
    name: 'a specific enhanced code (X.2.2) keeps its reading whatever the notice says',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\n\n<rcpt@example.net>: user unknown\n',
    status: '5.2.2',
    diagnostic: '552 5.2.2 error',
    reason: 'mailboxfull',
    rule: /^enhanced\./,
  },
  {
    name: "the subject states the cause (Domino's \"DELIVERY FAILURE: ...\")",
    subject: 'DELIVERY FAILURE: User rcpt (rcpt@example.net) not listed in Domino Directory',
    text: 'Your message\n\n  Subject: hello\n\nwas not delivered.\n',
    status: '5.0.0',
    diagnostic: '550 5.0.0 error',
    reason: 'userunknown',
    rule: /^dsn\.notice\(/,
  },
  {
    name: 'nothing in the words, the Status field decides',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\n\n<rcpt@example.net>: delivery failed\n',
    status: '5.2.2',
    diagnostic: '550 5.0.0 error',
    reason: 'mailboxfull',
    rule: /^dsn\.status\(/,
  },
  {
    name: 'the text next to the address quotes a specific enhanced code that the Diagnostic-Code lacks',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\n\n<rcpt@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1\n    sorry (in reply to RCPT TO command)\n',
    status: '5.0.0',
    diagnostic: '550 sorry',
    reason: 'userunknown',
    rule: /^dsn\.notice\(enhanced\./,
  },
  {
    name: 'a specific Status outranks what the introduction says for every recipient',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system at host mx.example.net.\nAccess denied.\n\n<rcpt@example.net>: delivery failed\n',
    status: '5.2.2',
    diagnostic: '550 5.0.0 error',
    reason: 'mailboxfull',
    rule: /^dsn\.status\(/,
  },
  {
    name: 'the returned message\'s own subject is the sender\'s words, not evidence',
    subject: 'Undeliverable: Your mailbox is full',
    text: 'Delivery has failed.\n',
    status: '5.0.0',
    diagnostic: '550 5.0.0 error',
    originalSubject: 'Your mailbox is full',
    reason: 'onhold',
    rule: /^(?:dsn\.undetermined|basic\.)/,
  },
  {
    name: 'the sentence announcing the failed list is not an "unknown address"',
    subject: 'failure notice',
    text: 'Message from example.net.\nUnable to deliver message to the following address(es).\n\n<rcpt@example.net>:\n',
    status: '5.0.0',
    diagnostic: '550 5.0.0 error',
    reason: 'onhold',
    rule: /^(?:dsn\.undetermined|basic\.)/,
  },
];

describe("the notice's own words when the diagnostic says nothing", () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [r] = parseBounce(report(c)).recipients;
    expect(r.recipient).toBe('rcpt@example.net');
    expect(r.reason).toBe(c.reason);
    expect(r.rule).toMatch(c.rule);
  });

  it('keeps a diagnostic that a rule reads, whatever the notice says', () => {
    const c = { ...CASES[0], diagnostic: '550 5.1.1 user unknown' };
    const r = parseBounce(report(c)).recipients[0];
    expect(r).toMatchObject({ reason: 'userunknown', evidence: 'text' });
    expect(r.rule).toMatch(/^text\./);
  });
});
